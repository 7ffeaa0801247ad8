import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";
import { findCompanies } from "./import-lookup.js";

/**
 * An import's Company column names a company by name or by tax ID (issue 11 item 5). A ref with a digit that
 * names no company is looked up by tax ID within what the importing user may read — through the GIN index on
 * `tax_id_values`, not by reading every readable company per batch (which grew with the companies table).
 */
describe("companies: the import's lookup by tax ID", () => {
  const t = useTestContext();
  const plans = useStatementPlans(t);
  const { statements } = plans;
  let admin: Actor;
  let manager: Actor;
  const ids: Record<string, string> = {};

  const company = async (
    name: string,
    ownerId: string,
    taxIds: { kind: string; value: string }[],
    at: string,
  ) => {
    const row = await t.db
      .insertInto("companies")
      .values({
        name,
        owner_id: ownerId,
        tax_ids: JSON.stringify(taxIds.map((x) => ({ country: null, ...x }))),
        tax_id_values: taxIds.map((x) => `${x.kind}:${x.value}`),
        created_at: new Date(at),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };

  beforeAll(async () => {
    const team = await createTeam(t.db, `Lookup team ${crypto.randomUUID()}`);
    const other = await createTeam(t.db, `Other team ${crypto.randomUUID()}`);
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const colleague = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: other.id });
    const a = await createUser(t.db, { roleKey: "admin" });
    const [ma, aa] = [await actorForUser(t.db, m.id), await actorForUser(t.db, a.id)];
    if (!ma || !aa) throw new Error("no actor");
    manager = ma;
    admin = aa;
    ids.inn = await company("Romashka", colleague.id, [{ kind: "INN", value: "7707083893" }], "2026-01-02");
    ids.innNewer = await company("Romashka copy", m.id, [{ kind: "INN", value: "7707083893" }], "2026-03-01");
    ids.vat = await company(
      "Outside GmbH",
      outsider.id,
      [{ kind: "VAT", value: "DE123456789" }],
      "2026-01-01",
    );
    ids.named = await company("Studio 54", m.id, [], "2026-01-01");
    ids.other = await company("Ltd two", colleague.id, [{ kind: "other", value: "AB12" }], "2026-01-01");
    // Enough analysed companies (none holding a tax ID) that the planner shows what a large table gets.
    await sql`insert into companies (name, owner_id)
      select 'Filler ' || i, ${a.id}::uuid from generate_series(1, 20000) i`.execute(t.db);
    await sql`analyze companies`.execute(t.db);
  });

  it("matches a ref with digits by tax ID as stored (any kind, spacing and case), oldest first, in scope only", async () => {
    const refs = ["7707083893", "7707 083-893", "de123456789", "Studio 54", "ab-12", "No Such 99", "Plain"];
    const asManager = await findCompanies(t.db, manager, refs);
    expect(asManager.get("7707083893")?.id).toBe(ids.inn);
    expect(asManager.get("7707 083-893")?.id).toBe(ids.inn);
    // Another team's company is not the manager's to link: the ref names a new company.
    expect(asManager.get("de123456789")).toEqual({ id: null, fold: expect.any(String) });
    expect(asManager.get("Studio 54")?.id).toBe(ids.named);
    expect(asManager.get("ab-12")?.id).toBe(ids.other);
    expect(asManager.get("No Such 99")?.id).toBeNull();
    expect(asManager.get("Plain")?.id).toBeNull();
    const asAdmin = await findCompanies(t.db, admin, refs);
    expect(asAdmin.get("de123456789")?.id).toBe(ids.vat);
    expect(asAdmin.get("7707083893")?.id).toBe(ids.inn);
  });

  it("answers huge and odd cells (a 10,000-digit value, letters and digits mixed, punctuation only) with no match", async () => {
    const refs = ["9".repeat(10_000), `Acme ${"12".repeat(2_000)}`, "-- 1 --", "١٢٣٤٥"];
    const found = await findCompanies(t.db, admin, refs);
    for (const ref of refs) expect(found.get(ref)?.id ?? null, ref.slice(0, 20)).toBeNull();
  });

  it("looks tax IDs up through the GIN index, for a batch's worth of refs", async () => {
    const refs = Array.from({ length: 2000 }, (_, i) => `Bench Company ${i} LLC`);
    for (const [label, actor] of [
      ["admin", admin],
      ["sales manager", manager],
    ] as const) {
      statements.length = 0;
      await findCompanies(plans.db, actor, refs);
      const statement = statements.find((s) => s.sql.includes("tax_id_values"));
      if (!statement) throw new Error("no tax ID statement");
      const plan = await plans.explain(statement);
      // Plan lines without the (long) key arrays.
      const text = plan.map((line) => line.slice(0, 200)).join("\n");
      expect(text, label).not.toMatch(/Seq Scan on companies/);
      // A manager's scope (their team's owners) is itself selective: the owner index may serve it instead.
      if (label === "admin") expect(text, label).toMatch(/Bitmap Index Scan on companies_tax_ids_gin/);
    }
  }, 120_000);
});
