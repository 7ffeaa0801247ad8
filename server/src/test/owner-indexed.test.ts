import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { entityCatalog } from "../platform/records/catalog.js";
import { useTestContext } from "./harness.js";

/**
 * A field declared `ownerIndexed` makes own/team lists sorted by it a merge of per-owner walks
 * (`platform/query/scoped-list.ts`), which is only fast when the index it names exists: for every such field of
 * every owned entity, an index on `(owner column, column, id)` over live rows whose direction serves the declared
 * order (a nullable field: ascending NULLS LAST for `true`, DESC NULLS LAST for `"desc"`).
 */
interface IndexRow {
  name: string;
  cols: string[];
  options: number[];
  pred: string | null;
}

describe("ownerIndexed fields have their owner-led index", () => {
  const t = useTestContext();

  it("every declaration names an index of the entity's table", async () => {
    const declared = entityCatalog()
      .owned()
      .flatMap((def) => def.fields.filter((f) => f.ownerIndexed).map((f) => ({ def, f })));
    // Contacts, companies, products, deals, tasks (due, overdue, completed, created) and activities at least.
    expect(declared.length).toBeGreaterThanOrEqual(9);
    for (const { def, f } of declared) {
      const { rows } = await sql<IndexRow>`
        select i.indexrelid::regclass::text as name,
          array(select a.attname::text from generate_series(0, i.indnkeyatts - 1) k(n)
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n] order by k.n) as cols,
          array(select i.indoption[k.n]::int from generate_series(0, i.indnkeyatts - 1) k(n) order by k.n) as options,
          pg_get_expr(i.indpred, i.indrelid) as pred
        from pg_index i where i.indrelid = ${def.table}::regclass`.execute(t.db);
      const serves = rows.filter((ix) => {
        if (ix.cols[0] !== def.ownerColumn || ix.cols[1] !== f.column || ix.cols[2] !== "id") return false;
        if (def.softDeleteColumn && !ix.pred?.includes(`${def.softDeleteColumn} IS NULL`)) return false;
        // indoption: bit 0 DESC, bit 1 NULLS FIRST. A NOT NULL column is served either way (scanned backwards).
        const [desc, nullsFirst] = [(ix.options[1] ?? 0) & 1, (ix.options[1] ?? 0) & 2];
        if (f.nullable === false) return true;
        return f.ownerIndexed === "desc" ? desc && !nullsFirst : !desc && !nullsFirst;
      });
      expect(
        serves.map((ix) => ix.name),
        `${def.name}.${f.key}`,
      ).not.toEqual([]);
    }
  });
});
