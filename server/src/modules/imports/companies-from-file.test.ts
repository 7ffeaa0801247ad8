import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** A contacts file with a Company column links to existing companies and creates the missing ones. */
describe("imports: companies and contacts from one file", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const api = (method: "GET" | "POST" | "PUT", url: string, headers = admin, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function roleUser(permissions: object, fieldRules: object = {}) {
    const role = await api("POST", "/api/v1/roles", admin, {
      name: `Importer ${crypto.randomUUID()}`,
      permissions,
      fieldRules,
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
    return tokenHeaders(t.db, user.id);
  }

  const companyNamed = (name: string) =>
    t.db
      .selectFrom("companies")
      .select(["id", "name", "website", "city", "deleted_at"])
      .where("name", "=", name)
      .execute();

  it("links by folded name, creates each missing company once (across batches), counts and reverts exactly", async () => {
    const existing = await api("POST", "/api/v1/companies", admin, { name: "Фёдоров и партнёры" });
    expect(existing.statusCode, existing.body).toBe(201);
    const csv = [
      "First Name;Last Name;Email;Company;Website;City",
      "Anna;One;anna.one@cf.example;ФЕДОРОВ И ПАРТНЕРЫ;;",
      "Boris;Two;boris.two@cf.example;Zenith Widgets CF;https://zenith-cf.example;Austin",
      "Clara;Three;clara.three@cf.example;zenith widgets cf;;",
      "Dan;Four;dan.four@cf.example;Orbit Labs CF;;Denver",
      "Eve;Five;eve.five@cf.example;ZENITH WIDGETS CF;https://other.example;",
    ].join("\n");
    const up = await upload(t.app, admin, "contacts", csv);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    expect(imp.options.missingCompanies).toBe("create");
    expect(imp.mapping["3"]).toBe("company");
    const mapped = await api("PUT", `/api/v1/imports/${imp.id}/mapping`, admin, {
      mapping: { ...imp.mapping, "4": "company.website", "5": "company.city" },
    });
    expect(mapped.statusCode, mapped.body).toBe(200);

    // Batches of two rows: Zenith is planned in the first batch and linked from the next two.
    const checked = await dryRun(t, admin, imp.id, { batchRows: 2 });
    expect(checked.json().dryRun).toMatchObject({ total: 5, valid: 5, invalid: 0, companiesToCreate: 2 });
    expect(await companyNamed("Zenith Widgets CF")).toEqual([]);

    expect((await api("POST", `/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, imp.id, { batchRows: 2 });
    const done = (await api("GET", `/api/v1/imports/${imp.id}`)).json();
    expect(done.status).toBe("completed");
    expect(done.progress).toMatchObject({ created: 5, companiesCreated: 2 });

    const zenith = await companyNamed("Zenith Widgets CF");
    expect(zenith).toHaveLength(1);
    expect(zenith[0]).toMatchObject({ website: "https://zenith-cf.example", city: "Austin" });
    const orbit = await companyNamed("Orbit Labs CF");
    expect(orbit).toMatchObject([{ city: "Denver", website: null }]);
    const links = await sql<{ email: string; company: string }>`
      select c.email_values[1] as email, co.name as company from contacts c
      join contact_companies cc on cc.contact_id = c.id join companies co on co.id = cc.company_id
      where c.email_values[1] like '%@cf.example' order by 1`.execute(t.db);
    expect(links.rows).toEqual([
      { email: "anna.one@cf.example", company: "Фёдоров и партнёры" },
      { email: "boris.two@cf.example", company: "Zenith Widgets CF" },
      { email: "clara.three@cf.example", company: "Zenith Widgets CF" },
      { email: "dan.four@cf.example", company: "Orbit Labs CF" },
      { email: "eve.five@cf.example", company: "Zenith Widgets CF" },
    ]);

    const reverted = await api("POST", `/api/v1/imports/${imp.id}/revert`);
    expect(reverted.statusCode, reverted.body).toBe(200);
    expect((await companyNamed("Zenith Widgets CF"))[0]?.deleted_at).not.toBeNull();
    expect((await companyNamed("Orbit Labs CF"))[0]?.deleted_at).not.toBeNull();
    expect((await companyNamed("Фёдоров и партнёры"))[0]?.deleted_at).toBeNull();
  });

  it("creates no company for rows that are refused", async () => {
    const csv = ["First Name;Email;Company", "Lone;not-an-email;Never Made CF"].join("\n");
    const imp = (await upload(t.app, admin, "contacts", csv)).json();
    const checked = (await dryRun(t, admin, imp.id)).json();
    expect(checked.dryRun).toMatchObject({ invalid: 1, companiesToCreate: 0 });
  });

  it("without permission to create companies: links only, and the option is refused", async () => {
    const headers = await roleUser({
      contacts: { read: "all", create: "all", update: "all", import: "all" },
      companies: { read: "all" },
    });
    const csv = ["First Name;Email;Company", "Nia;nia@np.example;Nowhere Made NP"].join("\n");
    const imp = (await upload(t.app, headers, "contacts", csv)).json();
    expect(imp.options.missingCompanies).toBe("refuse");
    const refused = await api("PUT", `/api/v1/imports/${imp.id}/mapping`, headers, {
      mapping: imp.mapping,
      options: { missingCompanies: "create" },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: "company_create_forbidden",
      errors: [{ field: "body.options.missingCompanies", code: "company_create_forbidden" }],
    });
    const checked = await dryRun(t, headers, imp.id);
    expect(checked.json().dryRun).toMatchObject({ valid: 0, invalid: 1 });
    expect(checked.json().dryRun.companiesToCreate).toBeUndefined();
    const report = await api("GET", `/api/v1/imports/${imp.id}/errors.csv`, headers);
    expect(report.body).toContain("No company named");

    // Permission taken away after the option was chosen: the check fails with the same code.
    await t.db
      .updateTable("imports")
      .set({ options: JSON.stringify({ ...imp.options, missingCompanies: "create" }), status: "uploaded" })
      .where("id", "=", imp.id)
      .execute();
    const again = (await dryRun(t, headers, imp.id)).json();
    expect(again.status).toBe("failed");
    expect(again.error).toContain("may not create companies");
    expect(await companyNamed("Nowhere Made NP")).toEqual([]);
  });

  it("offers company.website only when the role may write the company's website", async () => {
    const headers = await roleUser(
      {
        contacts: { read: "all", create: "all", update: "all", import: "all" },
        companies: { read: "all", create: "all" },
      },
      { companies: { website: "hidden" } },
    );
    const csv = ["First Name;Company;Website", "Ola;Hidden Site Co;https://hidden.example"].join("\n");
    const imp = (await upload(t.app, headers, "contacts", csv)).json();
    const preview = (await api("GET", `/api/v1/imports/${imp.id}/preview`, headers)).json();
    const keys = preview.fields.map((f: { key: string }) => f.key);
    expect(keys).toContain("company.city");
    expect(keys).not.toContain("company.website");
    const res = await api("PUT", `/api/v1/imports/${imp.id}/mapping`, headers, {
      mapping: { "0": "firstName", "1": "company", "2": "company.website" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: "body.mapping.2", code: "unknown_field" });
  });
  it("creates companies like the API: custom defaults applied, a required field without one refuses the row", async () => {
    const field = (key: string, extra: object) =>
      api("POST", "/api/v1/custom-fields", admin, {
        entity: "companies",
        key,
        label: key,
        type: "text",
        ...extra,
      });
    expect((await field("tier", { defaultValue: "basic" })).statusCode).toBe(201);
    const csv = ["First Name;Email;Company", "Tia;tia@cf-req.example;Tiered Co CF"].join("\n");
    const first = (await upload(t.app, admin, "contacts", csv)).json();
    expect((await api("POST", `/api/v1/imports/${first.id}/run`)).statusCode).toBe(409);
    expect((await dryRun(t, admin, first.id)).json().dryRun).toMatchObject({
      valid: 1,
      companiesToCreate: 1,
    });
    expect((await api("POST", `/api/v1/imports/${first.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, first.id);
    const tiered = await t.db
      .selectFrom("companies")
      .select("custom")
      .where("name", "=", "Tiered Co CF")
      .executeTakeFirstOrThrow();
    expect(tiered.custom).toEqual({ tier: "basic" });

    expect((await field("segmentReq", { required: true })).statusCode).toBe(201);
    const csv2 = ["First Name;Email;Company", "Ugo;ugo@cf-req.example;Required Co CF"].join("\n");
    const second = (await upload(t.app, admin, "contacts", csv2)).json();
    const checked = (await dryRun(t, admin, second.id)).json();
    expect(checked.dryRun).toMatchObject({ valid: 0, invalid: 1, companiesToCreate: 0 });
    const report = await api("GET", `/api/v1/imports/${second.id}/errors.csv`);
    expect(report.body).toContain('required field ""segmentReq""');
  });
});
