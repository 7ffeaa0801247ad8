import { type Kysely, sql } from "kysely";
import { installDuplicateKeys } from "../../records/duplicate-keys.js";

/**
 * Group rows only for the keys two or more records share (issue 10 item 22: the group-count upsert of every
 * e-mail and phone was ~14 % of an import's database time, and almost every key belongs to one record).
 *
 * A key's first row is its holder (`joined = false`), unique per (entity, kind, key, block) by a partial unique
 * index; every later record's row is `joined`. The holder is the per-key lock the group row used to be:
 *
 * - adding a key inserts the record's row as the holder, `ON CONFLICT … DO UPDATE … WHERE false` — a new key
 *   is one row and no group; on a conflict the existing holder is locked (not written), the row is added as
 *   `joined` and the group counts it (created with 2 members, or +1). Two writers of the same new key meet on the
 *   unique index: the second waits for the first's commit, then joins (or holds, if the first rolled back).
 * - removing a key removes the row; a removed holder passes to the key's next row (retried when that row goes
 *   at the same time), and the group loses its member (dropped below 2).
 * - a name is also filed under the block `*` (any city) as a key row of its own, so it has a holder and its
 *   group is counted the same way (it was a group row only).
 *
 * Existing keys: the `*` rows are added, each key's first record holds it, single-record groups are dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Both tables are rebuilt rather than updated in place: at 1M contacts (3.6M key rows, 2.8M groups) the
    -- in-place UPDATE/DELETE maintained every index row by row and held the start-up for over 20 minutes;
    -- a sorted rebuild writes each table and index once.
    CREATE TABLE record_duplicate_keys_next (
      entity text NOT NULL,
      kind text NOT NULL,
      key text NOT NULL,
      block text NOT NULL,
      record_id uuid NOT NULL,
      owner_id uuid,
      joined boolean NOT NULL DEFAULT false
    );
    INSERT INTO record_duplicate_keys_next
      SELECT entity, kind, key, block, record_id, owner_id,
        row_number() OVER (PARTITION BY entity, kind, key, block ORDER BY record_id) > 1
      FROM (
        SELECT DISTINCT ON (entity, kind, key, block, record_id) *
        FROM (
          SELECT entity, kind, key, block, record_id, owner_id FROM record_duplicate_keys
          UNION ALL
          SELECT entity, kind, key, '*', record_id, owner_id FROM record_duplicate_keys WHERE kind = 'name'
        ) every_row
        ORDER BY entity, kind, key, block, record_id
      ) one_row;
    DROP TABLE record_duplicate_keys;
    ALTER TABLE record_duplicate_keys_next RENAME TO record_duplicate_keys;
    ALTER TABLE record_duplicate_keys
      ADD CONSTRAINT record_duplicate_keys_pkey PRIMARY KEY (entity, kind, key, block, record_id);
    -- Own/team scopes: a role's readable owners' keys, in key order.
    CREATE INDEX record_duplicate_keys_owner ON record_duplicate_keys (entity, kind, owner_id, key, block);
    CREATE UNIQUE INDEX record_duplicate_keys_holder ON record_duplicate_keys (entity, kind, key, block)
      WHERE NOT joined;

    -- Every group row is a shared key now (the primary key serves the reads the partial index served).
    CREATE TABLE record_duplicate_groups_next (
      entity text NOT NULL,
      kind text NOT NULL,
      key text NOT NULL,
      block text NOT NULL,
      members integer NOT NULL
    );
    INSERT INTO record_duplicate_groups_next
      SELECT entity, kind, key, block, members FROM record_duplicate_groups WHERE members >= 2
      ORDER BY entity, kind, key, block;
    DROP TABLE record_duplicate_groups;
    ALTER TABLE record_duplicate_groups_next RENAME TO record_duplicate_groups;
    ALTER TABLE record_duplicate_groups
      ADD CONSTRAINT record_duplicate_groups_pkey PRIMARY KEY (entity, kind, key, block);

    CREATE OR REPLACE FUNCTION tandem_duplicate_keys_apply(e text, o tandem_duplicate_key[], n tandem_duplicate_key[])
      RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      rem tandem_duplicate_key[] := '{}';
      ins tandem_duplicate_key[] := '{}';
      moved tandem_duplicate_key[] := '{}';
      gone tandem_duplicate_key[] := '{}';
      orphaned tandem_duplicate_key[] := '{}';
      held tandem_duplicate_key[] := '{}';
      added tandem_duplicate_key[] := '{}';
    BEGIN
      IF cardinality(o) = 0 AND cardinality(n) = 0 THEN RETURN; END IF;
      IF cardinality(o) = 0 THEN
        ins := n;
      ELSIF cardinality(n) = 0 THEN
        rem := o;
      ELSE
        -- +1 only new, -1 only old, 0 both (the owner may have changed).
        SELECT coalesce(array_agg(row(kind, key, block, record_id, owner_old)::tandem_duplicate_key)
                 FILTER (WHERE delta < 0), '{}'),
               coalesce(array_agg(row(kind, key, block, record_id, owner_new)::tandem_duplicate_key)
                 FILTER (WHERE delta > 0), '{}'),
               coalesce(array_agg(row(kind, key, block, record_id, owner_new)::tandem_duplicate_key)
                 FILTER (WHERE delta = 0 AND owner_new IS DISTINCT FROM owner_old), '{}')
          INTO rem, ins, moved
          FROM (
            SELECT kind, key, block, record_id, sum(side) AS delta,
              (array_agg(owner_id) FILTER (WHERE side = 1))[1] AS owner_new,
              (array_agg(owner_id) FILTER (WHERE side = -1))[1] AS owner_old
            FROM (SELECT (x).*, 1 AS side FROM unnest(n) x UNION ALL SELECT (x).*, -1 FROM unnest(o) x) s
            GROUP BY kind, key, block, record_id) u;
      END IF;
      IF cardinality(moved) > 0 THEN
        UPDATE record_duplicate_keys k SET owner_id = m.owner_id FROM unnest(moved) m
          WHERE k.entity = e AND k.kind = m.kind AND k.key = m.key AND k.block = m.block
            AND k.record_id = m.record_id;
      END IF;

      IF cardinality(rem) > 0 THEN
        WITH d AS (
          DELETE FROM record_duplicate_keys k USING unnest(rem) r
            WHERE k.entity = e AND k.kind = r.kind AND k.key = r.key AND k.block = r.block
              AND k.record_id = r.record_id
            RETURNING k.kind, k.key, k.block, k.record_id, k.joined)
        SELECT coalesce(array_agg(row(kind, key, block, record_id, null)::tandem_duplicate_key), '{}'),
               coalesce(array_agg(row(kind, key, block, record_id, null)::tandem_duplicate_key)
                 FILTER (WHERE NOT joined), '{}')
          INTO gone, orphaned FROM d;
        -- A removed holder passes to the key's next row. Each pass reads anew: a row that went meanwhile (its
        -- remover committed while this update waited for it) is skipped, and the key tried again.
        WHILE cardinality(orphaned) > 0 LOOP
          WITH c AS (
            SELECT DISTINCT ON (k.kind, k.key, k.block) k.kind, k.key, k.block, k.record_id
            FROM record_duplicate_keys k
            JOIN (SELECT DISTINCT x.kind, x.key, x.block FROM unnest(orphaned) x) x
              ON k.entity = e AND k.kind = x.kind AND k.key = x.key AND k.block = x.block
            ORDER BY k.kind, k.key, k.block, k.record_id),
          p AS (
            UPDATE record_duplicate_keys k SET joined = false FROM c
              WHERE k.entity = e AND k.kind = c.kind AND k.key = c.key AND k.block = c.block
                AND k.record_id = c.record_id
              RETURNING k.kind, k.key, k.block)
          SELECT coalesce(array_agg(row(c.kind, c.key, c.block, c.record_id, null)::tandem_duplicate_key)
                   FILTER (WHERE NOT EXISTS (SELECT 1 FROM p
                     WHERE p.kind = c.kind AND p.key = c.key AND p.block = c.block)), '{}')
            INTO orphaned FROM c;
        END LOOP;
        IF cardinality(gone) > 0 THEN
          UPDATE record_duplicate_groups g SET members = g.members - d.n
            FROM (SELECT x.kind, x.key, x.block, count(*)::int AS n FROM unnest(gone) x
                  GROUP BY x.kind, x.key, x.block ORDER BY x.kind, x.key, x.block) d
            WHERE g.entity = e AND g.kind = d.kind AND g.key = d.key AND g.block = d.block;
          DELETE FROM record_duplicate_groups g USING (SELECT DISTINCT x.kind, x.key, x.block FROM unnest(gone) x) d
            WHERE g.entity = e AND g.kind = d.kind AND g.key = d.key AND g.block = d.block AND g.members < 2;
        END IF;
      END IF;

      IF cardinality(ins) > 0 THEN
        -- One candidate holder per key (its smallest record id); the key's holder, if it has one, is locked.
        WITH h AS (
          INSERT INTO record_duplicate_keys AS k (entity, kind, key, block, record_id, owner_id)
            SELECT e, a.kind, a.key, a.block, a.record_id, a.owner_id FROM (
              SELECT DISTINCT ON (x.kind, x.key, x.block) x.* FROM unnest(ins) x
              ORDER BY x.kind, x.key, x.block, x.record_id) a
            ORDER BY a.kind, a.key, a.block
            ON CONFLICT (entity, kind, key, block) WHERE NOT joined DO UPDATE SET joined = false WHERE false
            RETURNING k.kind, k.key, k.block, k.record_id)
        SELECT coalesce(array_agg(row(kind, key, block, record_id, null)::tandem_duplicate_key), '{}')
          INTO held FROM h;
        -- The others join their key (a row the record has already is left as it is).
        WITH j AS (
          INSERT INTO record_duplicate_keys AS k (entity, kind, key, block, record_id, owner_id, joined)
            SELECT e, a.kind, a.key, a.block, a.record_id, a.owner_id, true FROM unnest(ins) a
            WHERE NOT EXISTS (SELECT 1 FROM unnest(held) h WHERE h.kind = a.kind AND h.key = a.key
              AND h.block = a.block AND h.record_id = a.record_id)
            ORDER BY a.kind, a.key, a.block, a.record_id
            ON CONFLICT DO NOTHING
            RETURNING k.kind, k.key, k.block, k.record_id)
        SELECT coalesce(array_agg(row(kind, key, block, record_id, null)::tandem_duplicate_key), '{}')
          INTO added FROM j;
        -- No group row means the holder alone: the group starts at 1 + the rows that joined.
        IF cardinality(added) > 0 THEN
          INSERT INTO record_duplicate_groups AS g (entity, kind, key, block, members)
            SELECT e, x.kind, x.key, x.block, 1 + count(*)::int FROM unnest(added) x
            GROUP BY x.kind, x.key, x.block
            ORDER BY x.kind, x.key, x.block
            ON CONFLICT (entity, kind, key, block) DO UPDATE SET members = g.members + excluded.members - 1;
        END IF;
      END IF;
    END
    $$;
  `.execute(db);

  for (const spec of [
    {
      entity: "contacts",
      table: "contacts",
      ownerColumn: "owner_id",
      softDeleteColumn: "deleted_at",
      values: [
        { reason: "email", column: "email_values" },
        { reason: "phone", column: "phone_e164" },
      ],
      name: { column: "name", city: "city" },
      pendingColumn: "search_pending",
      sharedGroups: true,
    },
    {
      entity: "companies",
      table: "companies",
      ownerColumn: "owner_id",
      softDeleteColumn: "deleted_at",
      values: [
        { reason: "email", column: "email_values" },
        { reason: "phone", column: "phone_e164" },
        { reason: "taxId", column: "tax_id_values" },
      ],
      name: { column: "name", city: "city" },
      pendingColumn: "search_pending",
      sharedGroups: true,
    },
  ]) {
    await installDuplicateKeys(db, spec, { backfill: false });
  }
}
