import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";

/**
 * Every index is paid by every writer of its table (an imported contact: 4–18 µs of PostgreSQL CPU per b-tree,
 * `docs/PERFORMANCE.md`). Two non-unique b-trees with the same predicate where one's key begins the other's are
 * one order kept twice: the shorter one's scans (range or equality on the leading columns) are served by the
 * longer one, and its `INCLUDE` columns belong in the longer one's `INCLUDE` (as the analytics covering indexes
 * now are, `analytics/migrations/20261208_1915_analytics_covering_list_indexes.ts`).
 */
describe("index audit of the migrated schema", () => {
  const t = useTestContext();

  it("no b-tree's key is a prefix of another b-tree's key with the same predicate", async () => {
    const found = await sql<{ tbl: string; shorter: string; longer: string }>`
      with ix as (
        select i.indexrelid, i.indrelid, c.relname as idx, t.relname as tbl, am.amname, i.indisunique,
          coalesce(pg_get_expr(i.indpred, i.indrelid), '') as pred,
          array(select pg_get_indexdef(i.indexrelid, k, true) || ' ' || i.indoption[k - 1]::text
                from generate_series(1, i.indnkeyatts) k) as keys
        from pg_index i
        join pg_class c on c.oid = i.indexrelid
        join pg_class t on t.oid = i.indrelid
        join pg_am am on am.oid = c.relam
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = current_schema()
      )
      select a.tbl, a.idx as shorter, b.idx as longer
      from ix a join ix b on a.indrelid = b.indrelid and a.indexrelid <> b.indexrelid
      where a.amname = 'btree' and b.amname = 'btree' and not a.indisunique and a.pred = b.pred
        and cardinality(a.keys) <= cardinality(b.keys) and a.keys = b.keys[1:cardinality(a.keys)]
      order by 1, 2`.execute(t.db);
    expect(found.rows).toEqual([]);
  });
});
