import { type Kysely, sql } from "kysely";
import { installDuplicateKeys } from "../../records/duplicate-keys.js";

/**
 * Duplicate keys kept as records change, so duplicate groups are a query, not a scan of the table:
 *
 * - `tandem_duplicate_text_key(text)`: a name or city as a key — accent-folded and letter-folded like search
 *   (`tandem_search_norm`), dots dropped ("d.o.o." → "doo"), other punctuation as spaces, legal forms
 *   (LLC, ООО, ТОО, d.o.o. …) dropped, words sorted ("Petrov Ivan" = "Ivan Petrov"), at most 500 characters.
 * - `record_duplicate_keys`: one row per (entity, kind, key, block, record) of the live records; `block` is the
 *   city key for names ('' otherwise); `owner_id` copies the record's owner for the read scope.
 * - `record_duplicate_groups`: the number of records per key (and per name in any city, block `*`), with a
 *   partial index on the keys more than one record shares — the groups.
 * - `tandem_duplicate_keys_apply(entity, old keys, new keys)`: applies one statement's change (called by each
 *   table's statement-level triggers, `installDuplicateKeys`), in key order so concurrent writers do not deadlock.
 *
 * Contacts and companies get their triggers and their keys (backfilled in batches of 50,000 records).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION tandem_duplicate_text_key(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
        SELECT left(coalesce(string_agg(w, ' ' ORDER BY w COLLATE "C"), ''), 500)
        FROM regexp_split_to_table(
          regexp_replace(replace(public.tandem_search_norm($1), '.', ''),
            '[[:punct:][:space:] «»“”„‘’‚№–—]+', ' ', 'g'), ' ') AS w
        WHERE w <> '' AND w NOT IN ('llc', 'ltd', 'inc', 'corp', 'plc', 'gmbh', 'ag', 'bv', 'jsc', 'pjsc',
          'limited', 'incorporated', 'corporation', 'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'ано', 'тоо',
          'жшс', 'doo', 'доо', 'ад', 'ad', 'szr', 'сзр')
      $$;

    CREATE TYPE tandem_duplicate_key AS (kind text, key text, block text, record_id uuid, owner_id uuid);

    CREATE TABLE record_duplicate_keys (
      entity text NOT NULL,
      kind text NOT NULL,
      key text NOT NULL,
      block text NOT NULL,
      record_id uuid NOT NULL,
      owner_id uuid,
      PRIMARY KEY (entity, kind, key, block, record_id)
    );
    -- Own/team scopes: a role's readable owners' keys, in key order.
    CREATE INDEX record_duplicate_keys_owner ON record_duplicate_keys (entity, kind, owner_id, key, block);

    CREATE TABLE record_duplicate_groups (
      entity text NOT NULL,
      kind text NOT NULL,
      key text NOT NULL,
      block text NOT NULL,
      members integer NOT NULL,
      PRIMARY KEY (entity, kind, key, block)
    );
    CREATE INDEX record_duplicate_groups_shared ON record_duplicate_groups (entity, kind, key, block)
      WHERE members > 1;

    CREATE FUNCTION tandem_duplicate_keys_apply(e text, o tandem_duplicate_key[], n tandem_duplicate_key[])
      RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      rem tandem_duplicate_key[];
      ins tandem_duplicate_key[];
      moved tandem_duplicate_key[];
    BEGIN
      IF cardinality(o) = 0 AND cardinality(n) = 0 THEN RETURN; END IF;
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
      IF cardinality(rem) > 0 THEN
        DELETE FROM record_duplicate_keys k USING unnest(rem) r
          WHERE k.entity = e AND k.kind = r.kind AND k.key = r.key AND k.block = r.block
            AND k.record_id = r.record_id;
      END IF;
      IF cardinality(ins) > 0 THEN
        INSERT INTO record_duplicate_keys (entity, kind, key, block, record_id, owner_id)
          SELECT e, a.kind, a.key, a.block, a.record_id, a.owner_id FROM unnest(ins) a
          ORDER BY a.kind, a.key, a.block, a.record_id
          ON CONFLICT DO NOTHING;
      END IF;
      IF cardinality(moved) > 0 THEN
        UPDATE record_duplicate_keys k SET owner_id = m.owner_id FROM unnest(moved) m
          WHERE k.entity = e AND k.kind = m.kind AND k.key = m.key AND k.block = m.block
            AND k.record_id = m.record_id;
      END IF;
      IF cardinality(rem) + cardinality(ins) = 0 THEN RETURN; END IF;
      INSERT INTO record_duplicate_groups AS g (entity, kind, key, block, members)
        SELECT e, d.kind, d.key, d.block, sum(d.delta)::int FROM (
          SELECT r.kind, r.key, r.block, -1 AS delta FROM unnest(rem) r
          UNION ALL SELECT a.kind, a.key, a.block, 1 FROM unnest(ins) a
          UNION ALL SELECT r.kind, r.key, '*', -1 FROM unnest(rem) r WHERE r.kind = 'name'
          UNION ALL SELECT a.kind, a.key, '*', 1 FROM unnest(ins) a WHERE a.kind = 'name') d
        GROUP BY d.kind, d.key, d.block HAVING sum(d.delta) <> 0
        ORDER BY d.kind, d.key, d.block
        ON CONFLICT (entity, kind, key, block) DO UPDATE SET members = g.members + excluded.members;
      IF cardinality(rem) > 0 THEN
        DELETE FROM record_duplicate_groups g USING (
            SELECT r.kind, r.key, r.block FROM unnest(rem) r
            UNION SELECT r.kind, r.key, '*' FROM unnest(rem) r WHERE r.kind = 'name') r
          WHERE g.entity = e AND g.kind = r.kind AND g.key = r.key AND g.block = r.block AND g.members <= 0;
      END IF;
    END
    $$;
  `.execute(db);

  await installDuplicateKeys(db, {
    entity: "contacts",
    table: "contacts",
    ownerColumn: "owner_id",
    softDeleteColumn: "deleted_at",
    values: [
      { reason: "email", column: "email_values" },
      { reason: "phone", column: "phone_e164" },
    ],
    name: { column: "name", city: "city" },
  });
  await installDuplicateKeys(db, {
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
  });
}
