import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { suggestMapping } from "./suggest.js";
import { dryRun, upload } from "./test-helpers.js";

/** The external id as an import target and as the match key of update imports. */
describe("imports: external id", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const api = (method: "GET" | "POST" | "PUT", url: string, payload?: object, headers = admin) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function importFile(entity: string, csv: string, options: object, mapping?: Record<string, string>) {
    const imp = (await upload(t.app, admin, entity, csv)).json();
    const put = await api("PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping: mapping ?? imp.mapping,
      options,
    });
    expect(put.statusCode, put.body).toBe(200);
    const checked = (await dryRun(t, admin, imp.id)).json();
    expect((await api("POST", `/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, imp.id);
    const done = (await api("GET", `/api/v1/imports/${imp.id}`)).json();
    const report = (await api("GET", `/api/v1/imports/${imp.id}/errors.csv`)).body;
    return { imp, checked, done, report };
  }

  it("suggests the external id for Customer Id / External ID / ID 1С / Код columns", () => {
    const fields = [{ key: "name" }, { key: "externalId", label: "External ID" }];
    for (const header of ["Customer Id", "External ID", "ID 1С", "Код", "Шифра", "Сыртқы ID"]) {
      expect(suggestMapping(["Name", header], fields), header).toEqual({ "0": "name", "1": "externalId" });
    }
  });

  it("updates the records matched by external id, refuses taken and repeated ones, and reverts", async () => {
    const first = await importFile(
      "companies",
      ["Customer Id;Name;City", "C-1;Alpha Ext;Austin", "C-2;Beta Ext;Boston"].join("\n"),
      { matchKey: "externalId", duplicatePolicy: "update", skipInvalidRows: true },
    );
    expect(first.imp.mapping).toMatchObject({ "0": "externalId", "1": "name" });
    expect(first.done.progress).toMatchObject({ created: 2 });

    const second = await importFile(
      "companies",
      ["Customer Id;Name;City", "C-1;Alpha Renamed;Austin", "C-3;Gamma Ext;", "c-2;Delta Ext;"].join("\n"),
      { matchKey: "externalId", duplicatePolicy: "update", skipInvalidRows: true },
    );
    expect(second.checked.dryRun).toMatchObject({ toCreate: 2, toUpdate: 1 });
    expect(second.done.progress).toMatchObject({ created: 2, updated: 1 });
    const rows = await t.db
      .selectFrom("companies")
      .select(["name", "external_id"])
      .where("external_id", "in", ["C-1", "C-2", "C-3", "c-2"])
      .where("deleted_at", "is", null)
      .orderBy("external_id")
      .execute();
    expect(rows).toEqual([
      { name: "Alpha Renamed", external_id: "C-1" },
      { name: "Beta Ext", external_id: "C-2" },
      { name: "Gamma Ext", external_id: "C-3" },
      { name: "Delta Ext", external_id: "c-2" },
    ]);

    // Matched by name: an external id another company holds, or an earlier row gave, is refused.
    const third = await importFile(
      "companies",
      ["Name;External ID", "Epsilon Ext;C-3", "Zeta Ext;N-1", "Eta Ext;N-1"].join("\n"),
      { matchKey: "name", duplicatePolicy: "skip", skipInvalidRows: true },
    );
    expect(third.checked.dryRun).toMatchObject({ valid: 1, invalid: 2 });
    expect(third.done.progress).toMatchObject({ created: 1 });
    expect(third.report).toContain("Another record already has this external ID.");
    expect(third.report).toContain("Row 3 of this file has this external ID.");

    const reverted = await api("POST", `/api/v1/imports/${second.imp.id}/revert`);
    expect(reverted.statusCode, reverted.body).toBe(200);
    const alpha = await t.db
      .selectFrom("companies")
      .select(["name", "external_id"])
      .where("external_id", "=", "C-1")
      .where("deleted_at", "is", null)
      .execute();
    expect(alpha).toEqual([{ name: "Alpha Ext", external_id: "C-1" }]);
  });

  it("matches contacts and deals by external id too", async () => {
    const contacts = await importFile(
      "contacts",
      ["External ID;First Name;Email", "P-1;Pia;pia@ext.example"].join("\n"),
      { matchKey: "externalId", duplicatePolicy: "update", skipInvalidRows: false },
    );
    expect(contacts.done.progress).toMatchObject({ created: 1 });
    const update = await importFile(
      "contacts",
      ["External ID;First Name;Email", "P-1;Pia Maria;pia.maria@ext.example"].join("\n"),
      { matchKey: "externalId", duplicatePolicy: "update", skipInvalidRows: false },
    );
    expect(update.done.progress).toMatchObject({ created: 0, updated: 1 });
    const pia = await t.db
      .selectFrom("contacts")
      .select(["first_name", "email_values"])
      .where("external_id", "=", "P-1")
      .executeTakeFirstOrThrow();
    expect(pia).toEqual({ first_name: "Pia Maria", email_values: ["pia.maria@ext.example"] });

    const company = await api("POST", "/api/v1/companies", { name: "Deal Ext Holder" });
    const deals = await importFile(
      "deals",
      [
        "External ID;Title;Company",
        "OLD-9;Ext deal;Deal Ext Holder",
        "OLD-9;Ext deal again;Deal Ext Holder",
      ].join("\n"),
      { matchKey: "externalId", duplicatePolicy: "update", skipInvalidRows: true },
      { "0": "externalId", "1": "title", "2": "company" },
    );
    expect(company.statusCode).toBe(201);
    expect(deals.done.progress).toMatchObject({ created: 1, updated: 0, skipped: 1 });
    expect(deals.report).toContain("Duplicate of row 2 in this file.");
  });
});
