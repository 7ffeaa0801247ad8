import { benchId, type GenContext, pastTime } from "./types.js";

/**
 * "Busy" contacts (rows 1..n of contacts) with a long timeline, as a key account has: each gets
 * ACTIVITIES_EACH extra activities — most linked to the contact, some to its deals, some to its company — and
 * two deals and a primary company of its own. The timeline scenarios open contact 1 and its company.
 */
export const ACTIVITIES_EACH = 90;
export const busyCount = (f: number) => Math.max(5, Math.round(1000 * f));

/** Which record the k-th extra activity of a busy contact is linked to (slot 0..89). */
const OWN = 60;
const ON_DEALS = 15;

export function busyStatements(ctx: GenContext, n: number, firstActivity: number): string[] {
  const contact = (k: string) => benchId("contacts", k);
  const statements: string[] = [];
  if (ctx.count("companies") > 0) {
    statements.push(`INSERT INTO contact_companies (contact_id, company_id, is_primary)
      SELECT ${contact("k")}, ${ctx.pick("companies", 7, "k")}, true FROM generate_series(1, ${n}) AS k
      ON CONFLICT DO NOTHING`);
  }
  if (ctx.count("deals") >= 2 * n) {
    // Deals 1..2n belong to busy contact ((j - 1) % n) + 1 and its company.
    statements.push(`UPDATE deals d SET contact_id = ${contact("x.k")},
        company_id = (SELECT cc.company_id FROM contact_companies cc WHERE cc.contact_id = ${contact("x.k")}
                      ORDER BY cc.is_primary DESC LIMIT 1)
      FROM (SELECT j, ((j - 1) % ${n}) + 1 AS k FROM generate_series(1, ${2 * n}) AS j) x
      WHERE d.id = ${benchId("deals", "x.j")}`);
  }
  // Activity g (from firstActivity) is slot s of busy contact k.
  const k = `(((g - ${firstActivity}) % ${n}) + 1)`;
  const s = `((g - ${firstActivity}) / ${n})`;
  // Two thirds logged by the contact's owner (as in real accounts), the rest by whoever the generator picked;
  // otherwise owner_id (g modulo the users) would give one busy contact's activities a single owner.
  statements.push(`UPDATE activities a SET owner_id = c.owner_id
    FROM generate_series(${firstActivity}, ${firstActivity + n * ACTIVITIES_EACH - 1}) AS g
    JOIN contacts c ON c.id = ${contact(k)}
    WHERE a.id = ${benchId("activities", "g")} AND ${s} % 3 <> 2`);
  statements.push(`INSERT INTO activity_links (activity_id, entity, record_id, occurred_at)
    SELECT ${benchId("activities", "g")}, t.entity, t.record_id, ${pastTime(730, 104395301)}
    FROM generate_series(${firstActivity}, ${firstActivity + n * ACTIVITIES_EACH - 1}) AS g
    CROSS JOIN LATERAL (
      SELECT 'contacts'::text AS entity, ${contact(k)} AS record_id WHERE ${s} < ${OWN + ON_DEALS}
      UNION ALL
      SELECT 'deals', ${benchId("deals", `${k} + ${n} * (${s} % 2)`)}
        WHERE ${s} >= ${OWN} AND ${s} < ${OWN + ON_DEALS} AND ${ctx.count("deals") >= 2 * n}
      UNION ALL
      SELECT 'companies', cc.company_id FROM contact_companies cc
        WHERE ${s} >= ${OWN + ON_DEALS} AND cc.contact_id = ${contact(k)} AND cc.is_primary
    ) t`);
  return statements;
}
