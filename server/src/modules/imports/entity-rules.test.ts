import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** Import stores records with the entity's own write rules (the API's), not a copy of them. */
describe("import uses the entities' write rules", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const call = (method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });

  async function importCsv(entity: string, csv: string, mapping: Record<string, string>, options = {}) {
    const imp = (await upload(t.app, admin, entity, csv)).json();
    const put = await call("PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping,
      options: { skipInvalidRows: true, ...options },
    });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect((await call("POST", `/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, imp.id);
    return dry.dryRun;
  }

  const contactByEmail = (email: string) =>
    t.db
      .selectFrom("contacts")
      .select(["id", "name", "city", "address"])
      .where(sql<boolean>`email_values @> array[${email}]::text[]`)
      .executeTakeFirstOrThrow();

  it("an update that gives only the last name keeps the stored first name in the display name, like PATCH", async () => {
    const viaApi = await call("POST", "/api/v1/contacts", {
      firstName: "Anna",
      middleName: "Petrovna",
      lastName: "Old",
      emails: [{ kind: "work", value: "anna.api@rules.example" }],
    });
    await call("POST", "/api/v1/contacts", {
      firstName: "Anna",
      middleName: "Petrovna",
      lastName: "Old",
      emails: [{ kind: "work", value: "anna.import@rules.example" }],
      address: { kind: "home", city: "Omsk", street: "Lenina 1" },
    });
    const patched = await call("PATCH", `/api/v1/contacts/${viaApi.json().id}`, { lastName: "New" });
    expect(patched.json().name).toBe("Anna Petrovna New");

    const counts = await importCsv(
      "contacts",
      "Email,Last name,City\nanna.import@rules.example,New,Tomsk\n",
      { "0": "email", "1": "lastName", "2": "city" },
      { duplicatePolicy: "update", matchKey: "email" },
    );
    expect(counts).toMatchObject({ total: 1, toUpdate: 1, invalid: 0 });
    const imported = await contactByEmail("anna.import@rules.example");
    expect(imported.name).toBe("Anna Petrovna New");
    // The address's city is the city column, as the API stores it.
    expect(imported.city).toBe("Tomsk");
    expect(imported.address).toMatchObject({ city: "Tomsk" });
  });

  it("a deal in a lost stage needs a reason, with the API's wording", async () => {
    const company = await call("POST", "/api/v1/companies", { name: "Rules Co" });
    expect(company.statusCode).toBe(201);
    const pipeline = (await call("GET", "/api/v1/pipelines")).json().items[0];
    const lost = pipeline.stages.find((s: { kind: string }) => s.kind === "lost");
    const viaApi = await call("POST", "/api/v1/deals", {
      title: "API lost",
      companyId: company.json().id,
      stageId: lost.id,
    });
    expect(viaApi.statusCode).toBe(422);
    const imp = (
      await upload(t.app, admin, "deals", `Title,Company,Stage\nLost deal,Rules Co,${lost.name}\n`)
    ).json();
    await call("PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping: { "0": "title", "1": "company", "2": "stage" },
      options: { skipInvalidRows: true },
    });
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 1, invalid: 1 });
    const report = (await call("GET", `/api/v1/imports/${imp.id}/errors.csv`)).body;
    expect(report).toContain(viaApi.json().errors[0].message);
  });
});
