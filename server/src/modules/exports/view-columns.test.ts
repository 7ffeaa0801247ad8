import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runExport } from "./service.js";

/** The contacts list's default view (web `entityConfig`): 7 columns, the export must write those 7. */
const VIEW = ["name", "position", "phone", "city", "tags", "ownerId", "createdAt"];

describe("exports keep what the view shows", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin", name: "Olga Owner", email: "olga@example.com" });
    admin = await tokenHeaders(t.db, a.id);
    const field = await t.app.inject({
      method: "POST",
      url: "/api/v1/custom-fields",
      headers: admin,
      payload: { entity: "contacts", key: "score", label: "Score", type: "number" },
    });
    expect(field.statusCode, field.body).toBe(201);
    const company = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: admin,
      payload: { name: "Romashka LLC" },
    });
    expect(company.statusCode, company.body).toBe(201);
    const contact = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: admin,
      payload: {
        firstName: "Ivan",
        lastName: "Petrov",
        position: "=Buyer",
        address: { city: "Kazan" },
        birthday: "1985-02-03",
        phones: [{ kind: "mobile", raw: "+7 916 123-45-67" }],
        companies: [{ companyId: company.json().id, isPrimary: true }],
        custom: { score: 42.5 },
      },
    });
    expect(contact.statusCode, contact.body).toBe(201);
  });

  async function exported(body: object) {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/exports", headers: admin, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const dl = await t.app.inject({
      method: "GET",
      url: `/api/v1/exports/${res.json().id}/download`,
      headers: admin,
    });
    expect(dl.statusCode, dl.body).toBe(200);
    return { job: res.json(), bytes: dl.rawPayload };
  }

  const csv = (bytes: Buffer) =>
    parse(bytes.toString("utf8").replace(/^\uFEFF/, ""), { relax_column_count: false }) as string[][];

  it("writes the view's 7 columns (Phone included), owner by name and email, company by name", async () => {
    const { bytes } = await exported({
      entity: "contacts",
      format: "csv",
      columns: [...VIEW, "companies"],
    });
    const [header, row] = csv(bytes);
    expect(header).toEqual([
      "Name",
      "Position",
      "Phones",
      "City",
      "Tags",
      "Owner",
      "Created at",
      "Companies",
    ]);
    const cell = (key: string) => row?.[[...VIEW, "companies"].indexOf(key)];
    expect(cell("name")).toBe("Ivan Petrov");
    // A leading + is formula-escaped in CSV (kept for text cells).
    expect(cell("phone")).toBe("'+7 916 123-45-67");
    expect(cell("position")).toBe("'=Buyer");
    expect(cell("city")).toBe("Kazan");
    expect(cell("ownerId")).toBe("Olga Owner <olga@example.com>");
    expect(cell("companies")).toBe("Romashka LLC");
    expect(cell("createdAt")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("headers: the caller's labels (missing ones from the metadata, never keys) or keys by choice", async () => {
    const labels = { name: "Имя", phone: "Телефон", ownerId: "Ответственный" };
    const withLabels = csv(
      (await exported({ entity: "contacts", format: "csv", columns: VIEW, labels })).bytes,
    );
    expect(withLabels[0]).toEqual([
      "Имя",
      "Position",
      "Телефон",
      "City",
      "Tags",
      "Ответственный",
      "Created at",
    ]);
    const withKeys = csv(
      (await exported({ entity: "contacts", format: "csv", columns: VIEW, labels, header: "keys" })).bytes,
    );
    expect(withKeys[0]).toEqual(VIEW);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers: admin,
      payload: { entity: "contacts", format: "csv", header: "both" },
    });
    expect(bad.statusCode).toBe(422);
  });

  it("XLSX: dates as date cells, numbers as numeric cells, text still formula-escaped", async () => {
    const columns = ["name", "position", "birthday", "createdAt", "custom.score"];
    const { bytes } = await exported({ entity: "contacts", format: "xlsx", columns });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.getWorksheet(1);
    const row = ws?.getRow(2);
    expect(ws?.getRow(1).getCell(5).value).toBe("Score");
    expect(row?.getCell(1).value).toBe("Ivan Petrov");
    expect(row?.getCell(2).value).toBe("'=Buyer");
    expect(row?.getCell(3).value).toEqual(new Date("1985-02-03T00:00:00Z"));
    expect(row?.getCell(4).value).toBeInstanceOf(Date);
    expect(row?.getCell(5).value).toBe(42.5);
    expect(row?.getCell(5).type).toBe(ExcelJS.ValueType.Number);
  });
});
