import ExcelJS from "exceljs";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "../imports/job.js";
import { dryRun, upload } from "../imports/test-helpers.js";
import { escapeFormula } from "./formula.js";
import { runExport } from "./service.js";
import { fold, toVCard } from "./vcard.js";

describe("exports and vCard", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    const rows = [
      "First name,Last name,Email,Phone,Position,Notes,Birthday",
      'Ivan,Petrov,ivan@example.ru,+7 916 123-45-67,=HYPERLINK("http://evil"),"Line 1\nLine; 2, with \\\\ backslash",1985-02-03',
      "Олжас,Сүлейменов,olzhas@example.kz,+7 701 555 12 34,@SUM(A1),+danger,",
      "Ana,Jovanović,ana@example.rs,+381 64 1234567,-5,normal,",
    ].join("\n");
    const imp = (await upload(t.app, admin, "contacts", rows)).json();
    await dryRun(t, admin, imp.id);
    await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin });
    await runImport(t.db, imp.id);
  });

  async function exportFile(headers: Record<string, string>, body: object) {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/exports", headers, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const status = (
      await t.app.inject({ method: "GET", url: `/api/v1/exports/${res.json().id}`, headers })
    ).json();
    expect(status.status, status.error).toBe("completed");
    const dl = await t.app.inject({
      method: "GET",
      url: `/api/v1/exports/${res.json().id}/download`,
      headers,
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    return { status, dl };
  }

  it("escapes formula-looking cells in CSV", async () => {
    expect(escapeFormula("=1+1")).toBe("'=1+1");
    expect(escapeFormula("\tx")).toBe("'\tx");
    expect(escapeFormula("plain")).toBe("plain");
    const { dl, status } = await exportFile(admin, {
      entity: "contacts",
      format: "csv",
      delimiter: ";",
      sort: "name",
    });
    expect(status.rowCount).toBe(3);
    const text = dl.rawPayload.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain("'-5");
    expect(text).toContain("'+danger");
    expect(text).not.toMatch(/;=|;@SUM|;\+danger/);
  });

  it("never exports a field the role hides, even when asked for", async () => {
    const role = await t.db
      .insertInto("roles")
      .values({
        name: "Exporter without positions",
        permissions: JSON.stringify({ contacts: { read: "all", export: "all" } }),
        field_rules: JSON.stringify({ contacts: { position: "hidden", emails: "hidden" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, {});
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    const headers = await tokenHeaders(t.db, u.id);
    const { dl, status } = await exportFile(headers, {
      entity: "contacts",
      format: "xlsx",
      columns: ["name", "position", "emails", "phones"],
    });
    expect(status.columns).toEqual(["name", "phones"]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const values = sheet?.getSheetValues().flat().map(String).join("|") ?? "";
    expect(values).toContain("Ivan Petrov");
    expect(values).not.toContain("ivan@example.ru");
    expect(values).not.toContain("HYPERLINK");
    const noExport = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers: noExport,
      payload: { entity: "contacts", format: "csv" },
    });
    expect(refused.statusCode).toBe(403);
  });

  it("writes RFC 6350 vCards that a real parser reads back", async () => {
    const line = fold(`NOTE:${"Ж".repeat(100)}`);
    for (const l of line.split("\r\n")) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    const card = toVCard({ fullName: "A, B; C\\D", firstName: "A", lastName: "B", note: "x\ny" });
    expect(card).toContain("FN:A\\, B; C\\\\D");
    expect(toVCard({ fullName: "x", organization: "A; B" })).toContain("ORG:A\\; B");

    const contact = await t.db
      .selectFrom("contacts")
      .select("id")
      .where("first_name", "=", "Ivan")
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${contact.id}/vcard`,
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/vcard");
    const comp = new ICAL.Component(ICAL.parse(res.body) as unknown[]);
    expect(comp.getFirstPropertyValue("version")).toBe("4.0");
    expect(comp.getFirstPropertyValue("fn")).toBe("Ivan Petrov");
    expect(comp.getFirstPropertyValue("n")).toEqual(["Petrov", "Ivan", "", "", ""]);
    expect(comp.getFirstPropertyValue("email")).toBe("ivan@example.ru");
    expect(String(comp.getFirstPropertyValue("tel"))).toBe("tel:+79161234567");
    expect(comp.getFirstPropertyValue("note")).toBe("Line 1\nLine; 2, with \\\\ backslash");
    expect(String(comp.getFirstPropertyValue("bday"))).toContain("1985");

    const other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${contact.id}/vcard`,
      headers: other,
    });
    expect(hidden.statusCode).toBe(404);
    void adminId;
  });

  it("exports all contacts as .vcf and imports that file back", async () => {
    const { dl } = await exportFile(admin, { entity: "contacts", format: "vcf" });
    const text = dl.rawPayload.toString("utf8");
    const parsed = ICAL.parse(text) as unknown[];
    const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[][];
    expect(cards).toHaveLength(3);
    const names = cards.map((c) => new ICAL.Component(c).getFirstPropertyValue("fn")).sort();
    expect(names).toEqual(["Ana Jovanović", "Ivan Petrov", "Олжас Сүлейменов"]);

    const imp = (await upload(t.app, admin, "contacts", text, "contacts.vcf")).json();
    expect(imp.fileKind).toBe("vcf");
    expect(imp.mapping).toMatchObject({
      "0": "name",
      "1": "lastName",
      "2": "firstName",
      "4": "email",
      "6": "phone",
    });
    const dry = (await dryRun(t, admin, imp.id)).json();
    const report = await t.app.inject({
      method: "GET",
      url: `/api/v1/imports/${imp.id}/errors.csv`,
      headers: admin,
    });
    expect(dry.dryRun, report.body).toMatchObject({ total: 3, valid: 3, duplicates: 3, toSkip: 3 });
  });
});
