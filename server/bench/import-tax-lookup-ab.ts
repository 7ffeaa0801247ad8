/**
 * The contacts import's tax-ID lookup of Company cells (`companies/import-lookup.ts`), old statement vs new, on a
 * kept set as its administrator (no scope): N refs shaped like `import-companies-bench.ts`'s names
 * ("Bench Company i LLC", none a company's tax ID), alternating, wall ms per statement. Reads only.
 *
 *   npx tsx bench/import-tax-lookup-ab.ts KEEP_DIR [refs=4500] [rounds=3]
 *
 * old: every company with an `unnest(tax_id_values)` test (before a2d34739); new: the refs' keys under the kinds
 * their values fit, one GIN probe per ref.
 */
import pg from "pg";
import { TAX_ID_KINDS } from "../src/modules/companies/schemas.js";
import { keptDatabase } from "./database.js";

const [dir, refsArg, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: tsx bench/import-tax-lookup-ab.ts KEEP_DIR [refs] [rounds]");
const kept = await keptDatabase(dir, () => {});
const c = new pg.Client({ connectionString: kept.url });
await c.connect();
try {
  const refs = Array.from({ length: Number(refsArg ?? 4500) }, (_, i) => `Bench Company ${i} LLC`);
  const values = refs.map((r) => r.replace(/[\s-]/g, "").toUpperCase());
  const fits = (kind: string, v: string) =>
    kind === "other" ? true : kind === "VAT" ? /^[A-Z0-9]{4,16}$/.test(v) : /^\d+$/.test(v);
  const keys: string[] = [];
  const of: number[] = [];
  values.forEach((v, i) => {
    for (const k of TAX_ID_KINDS.filter((k) => fits(k, v))) {
      keys.push(`${k}:${v}`);
      of.push(i);
    }
  });
  const oldSql = `select c.id, c.tax_id_values from companies c where c.deleted_at is null
    and exists (select 1 from unnest(c.tax_id_values) t where lower(split_part(t, ':', 2)) = any($1))
    order by c.created_at desc`;
  const newSql = `select v.i, c.id, c.created_at from (
      select x.i, array_agg(x.key) as keys from unnest($1::text[], $2::int[]) as x(key, i) group by x.i) v
    join companies c on c.tax_id_values && v.keys where c.deleted_at is null`;
  const n = (await c.query<{ n: number }>("select count(*)::int as n from companies")).rows[0]?.n;
  for (let r = 0; r < Number(roundsArg ?? 3); r++) {
    for (const [name, q, p] of [
      ["old", oldSql, [refs]],
      ["new", newSql, [keys, of]],
    ] as const) {
      const t0 = performance.now();
      await c.query(q, [...p]);
      console.log(
        `${name}: ${refs.length} refs over ${n} companies: ${(performance.now() - t0).toFixed(0)} ms`,
      );
    }
  }
} finally {
  await c.end();
  await kept.dispose();
}
