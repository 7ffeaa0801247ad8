import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { TAX_ID_KINDS } from "./schemas.js";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Companies the actor can read, by name as search matches it (case, accents, ё/е and the like folded; one
 * probe per name on the folded-name index) or by tax ID value (refs with a digit only); the oldest wins by
 * name. Refs naming none come back with their folded name (what names one new company).
 */
export async function findCompanies(
  db: Db,
  actor: Actor,
  refs: string[],
): Promise<Map<string, { id: string | null; fold?: string }>> {
  const readable = ownerScope(actor, "companies", "read", "c.owner_id");
  const byName = await sql<{ ref: string; norm: string; id: string | null }>`
    select k.ref, n.norm, (
      -- offset 0: the matches come from the folded-name index, then the oldest of them. Without it the planner
      -- (no statistics for the partial index's expression: 0.5 % of companies guessed to match) walked every
      -- company in created_at order calling the fold per row — for a name that matches none, the whole table per
      -- ref (a 20,000-row dry run with companies did not finish in 14 minutes on the 100k set).
      select m.id from (
        select c.id, c.created_at from companies c
        where tandem_search_norm(c.name) = n.norm and c.deleted_at is null and ${readable}
        offset 0) m
      order by m.created_at limit 1
    ) as id
    -- The ref folded once (offset 0 keeps the planner from copying the call into the probe): ~15 µs a call.
    from unnest(${refs}::text[]) as k(ref)
    cross join lateral (select tandem_search_norm(k.ref) as norm offset 0) n`.execute(db);
  // Refs naming no company and holding a digit may be a tax ID, stored as "KIND:VALUE" (the value without spaces
  // or hyphens, upper-cased): each ref's keys under the kinds its value could be (`taxIdKinds`) probe the GIN
  // index on `tax_id_values`, one probe per ref — not a read of every readable company per batch. Per ref, not
  // one `&&` with the batch's keys: for thousands of keys the planner estimates a third of the table and scans it.
  const taxValues = [
    ...new Set(byName.rows.filter((r) => !r.id && /\d/.test(r.ref)).map((r) => taxIdValue(r.ref))),
  ];
  const byTax = new Map<string, { id: string; at: Date }>();
  if (taxValues.length) {
    const keys: string[] = [];
    const of: number[] = [];
    taxValues.forEach((value, i) => {
      for (const kind of taxIdKinds(value)) {
        keys.push(`${kind}:${value}`);
        of.push(i);
      }
    });
    const rows = await sql<{ i: number; id: string; created_at: Date }>`
      select v.i, c.id, c.created_at from (
        select x.i, array_agg(x.key) as keys from unnest(${keys}::text[], ${of}::int[]) as x(key, i) group by x.i
      ) v
      join companies c on c.tax_id_values && v.keys
      where c.deleted_at is null and ${readable}`.execute(db);
    // The oldest company holding the value wins, as by name.
    for (const row of rows.rows) {
      const value = taxValues[row.i] as string;
      const kept = byTax.get(value);
      if (!kept || row.created_at < kept.at) byTax.set(value, { id: row.id, at: row.created_at });
    }
  }
  const found = new Map<string, { id: string | null; fold?: string }>();
  for (const r of byName.rows) {
    const id = r.id ?? byTax.get(taxIdValue(r.ref))?.id ?? null;
    found.set(r.ref, id ? { id } : { id: null, fold: r.norm });
  }
  return found;
}

/** A ref as a tax ID value is stored (`normalizeTaxIds`: no spaces or hyphens, upper case). */
const taxIdValue = (ref: string) => ref.replace(/[\s-]/g, "").toUpperCase();

/**
 * The kinds a normalized value could be stored under, by their characters only (`normalizeTaxIds` refuses a
 * value its kind's rule rejects): the national numbers are digits, a VAT number 4–16 letters or digits, "other"
 * anything. A filter that never drops a stored value's kind, and keeps a company name like "Studio 54" to two
 * keys instead of nine.
 */
function taxIdKinds(value: string): string[] {
  return TAX_ID_KINDS.filter((kind) =>
    kind === "other" ? true : kind === "VAT" ? /^[A-Z0-9]{4,16}$/.test(value) : /^\d+$/.test(value),
  );
}

/** Of companies `ids` getting parents `parents` (pairwise), those that would become their own ancestor. */
export async function companiesInCycles(db: Db, ids: string[], parents: string[]): Promise<Set<string>> {
  const cycles = await sql<{ start: string }>`
    with recursive up (start, id, depth) as (
      select x.start, x.parent, 0 from unnest(${ids}::uuid[], ${parents}::uuid[]) as x(start, parent)
      union all
      select up.start, c.parent_company_id, up.depth + 1
      from up join companies c on c.id = up.id
      where c.parent_company_id is not null and up.id <> up.start and up.depth < 100
    )
    select distinct start from up where id = start`.execute(db);
  return new Set(cycles.rows.map((r) => r.start));
}
