import { type Kysely, sql } from "kysely";
import { installDuplicateKeys } from "../../records/duplicate-keys.js";

/**
 * Cheaper duplicate-key maintenance on insert, same keys (no re-keying; `duplicate-text-key.test.ts` compares
 * the new name-key function with the old one over a varied corpus):
 *
 * - `tandem_duplicate_text_key` in PL/pgSQL: the same folding (`tandem_search_norm`, dots dropped, punctuation
 *   and spaces as one space, legal forms dropped, words in byte order, 500 characters) without the SQL
 *   function's per-call query (split into rows, aggregate, sort): the words are filtered and insertion-sorted
 *   in an array — names have a handful of words.
 * - the triggers compute keys set-based (`keysOf`): the name key once per row (the old lateral subquery
 *   computed it twice) and the city key once per distinct city instead of once per row.
 * - `tandem_duplicate_keys_apply` skips pairing old and new keys when one side is empty (every insert and
 *   delete): the keys of one side are distinct already.
 * - a row a bulk writer writes pending search (`search_pending`, `platform/records/search-backlog.ts`) gets its
 *   exact keys (e-mails, phones, tax ids) at once and its name key when `search.catch-up` marks it indexed, so a
 *   large import pays neither the name function nor the name groups. Rows pending now are marked indexed first
 *   (what the catch-up would do next; the old triggers compute nothing for it), so every row's keys follow the
 *   new rule without a backfill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION tandem_duplicate_text_key(t text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
      AS $$
    DECLARE
      words text[] := string_to_array(regexp_replace(replace(public.tandem_search_norm(t), '.', ''),
        '[[:punct:][:space:] «»“”„‘’‚№–—]+', ' ', 'g'), ' ');
      kept text[] := '{}';
      w text;
      i int;
      n int := 0;
    BEGIN
      FOREACH w IN ARRAY words LOOP
        CONTINUE WHEN w = '' OR w IN ('llc', 'ltd', 'inc', 'corp', 'plc', 'gmbh', 'ag', 'bv', 'jsc', 'pjsc',
          'limited', 'incorporated', 'corporation', 'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'ано', 'тоо',
          'жшс', 'doo', 'доо', 'ад', 'ad', 'szr', 'сзр');
        i := n;
        WHILE i > 0 AND kept[i] COLLATE "C" > w LOOP
          kept[i + 1] := kept[i];
          i := i - 1;
        END LOOP;
        kept[i + 1] := w;
        n := n + 1;
      END LOOP;
      RETURN left(array_to_string(kept, ' '), 500);
    END
    $$;

    CREATE OR REPLACE FUNCTION tandem_duplicate_keys_apply(e text, o tandem_duplicate_key[], n tandem_duplicate_key[])
      RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      rem tandem_duplicate_key[] := '{}';
      ins tandem_duplicate_key[] := '{}';
      moved tandem_duplicate_key[] := '{}';
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
    },
  ]) {
    await sql`UPDATE ${sql.table(spec.table)} SET search_pending = false WHERE search_pending`.execute(db);
    await installDuplicateKeys(db, spec, { backfill: false });
  }
}
