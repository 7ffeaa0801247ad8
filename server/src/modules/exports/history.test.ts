import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runExport } from "./service.js";
import { xlsxStream } from "./writers.js";

/** XLSX formula safety read back with exceljs, export by saved view, and the caller's export history. */
describe("exports: xlsx, views, history", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let other: Record<string, string>;

  const call = (method: "GET" | "POST" | "DELETE", url: string, headers = admin, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function exportDone(body: object, headers = admin) {
    const res = await call("POST", "/api/v1/exports", headers, body);
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const dl = await call("GET", `/api/v1/exports/${res.json().id}/download`, headers);
    expect(dl.statusCode).toBe(200);
    return { id: res.json().id as string, file: dl.rawPayload };
  }

  async function readSheet(file: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error("no sheet");
    const rows: ExcelJS.Cell[][] = [];
    ws.eachRow((row) => {
      const cells: ExcelJS.Cell[] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push(c));
      rows.push(cells);
    });
    return rows;
  }

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    for (const [name, industry] of [
      ['=HYPERLINK("http://evil")', "+danger"],
      ["@SUM(A1)", "-5"],
      ["Plain Ltd", "Retail"],
    ]) {
      const res = await call("POST", "/api/v1/companies", admin, { name, industry });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it("writes formula-looking XLSX cells as quoted text, never as formulas", async () => {
    const { file } = await exportDone({
      entity: "companies",
      format: "xlsx",
      columns: ["name", "industry"],
      sort: "name",
    });
    const rows = await readSheet(file);
    // The header is the caller's column labels (header: "labels" is the default).
    expect(rows[0]?.map((c) => c.value)).toEqual(["Name", "Industry"]);
    const body = rows.slice(1);
    for (const row of body) {
      for (const cell of row) {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(String(cell.value)).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    const values = body.map((r) => r.map((c) => c.value));
    expect(values).toEqual(
      expect.arrayContaining([
        ['\'=HYPERLINK("http://evil")', "'+danger"],
        ["'@SUM(A1)", "'-5"],
        ["Plain Ltd", "Retail"],
      ]),
    );
  });

  it("quotes cells that start with a tab or a carriage return too (the API trims those from names)", async () => {
    const rows = (async function* () {
      yield { a: "\tTabbed", b: "\rReturn" };
    })();
    const columns = ["a", "b"].map((key) => ({
      key,
      label: key,
      value: (r: Record<string, unknown>) => String(r[key]),
    }));
    const stream = xlsxStream(rows, columns as never, { n: 0 });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const sheet = await readSheet(Buffer.concat(chunks));
    const [tab, cr] = sheet[1] ?? [];
    expect([tab?.type, tab?.value]).toEqual([ExcelJS.ValueType.String, "'\tTabbed"]);
    // XML parsers normalize a raw CR to LF on reading; what matters is the leading quote and the text type.
    expect(cr?.type).toBe(ExcelJS.ValueType.String);
    expect(String(cr?.value)).toMatch(/^'[\r\n]Return$/);
  });

  it("exports by a saved view (its filter, sort and columns); another user's private view is 404", async () => {
    const view = await call("POST", "/api/v1/views", admin, {
      entity: "companies",
      name: "Retail only",
      filter: { field: "industry", op: "eq", value: "Retail" },
      sort: "name",
      columns: ["name", "industry"],
    });
    expect(view.statusCode, view.body).toBe(201);
    const { file } = await exportDone({ entity: "companies", format: "xlsx", viewId: view.json().id });
    const rows = await readSheet(file);
    expect(rows.map((r) => r.map((c) => c.value))).toEqual([
      ["Name", "Industry"],
      ["Plain Ltd", "Retail"],
    ]);
    const foreign = await call("POST", "/api/v1/exports", other, {
      entity: "companies",
      format: "csv",
      viewId: view.json().id,
    });
    expect(foreign.statusCode).toBe(404);
    const wrongEntity = await call("POST", "/api/v1/exports", admin, {
      entity: "contacts",
      format: "csv",
      viewId: view.json().id,
    });
    expect(wrongEntity.statusCode).toBe(404);
  });

  it("lists my exports newest first with paging and deletes one with its file", async () => {
    const a = await exportDone({ entity: "companies", format: "csv" });
    const b = await exportDone({ entity: "companies", format: "csv" });
    await exportDone({ entity: "companies", format: "csv" }, other);
    const first = await call("GET", "/api/v1/exports?limit=1");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items.map((e: { id: string }) => e.id)).toEqual([b.id]);
    const rest = await call("GET", `/api/v1/exports?limit=100&cursor=${first.json().nextCursor}`);
    const ids = rest.json().items.map((e: { id: string }) => e.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    const all = (await call("GET", "/api/v1/exports?limit=100")).json().items;
    expect(all.length).toBe(ids.length + 1);
    expect((await call("GET", "/api/v1/exports?cursor=garbage")).statusCode).toBe(400);

    const row = await t.db
      .selectFrom("exports")
      .select("file_id")
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect((await call("DELETE", `/api/v1/exports/${a.id}`, other)).statusCode).toBe(404);
    expect((await call("DELETE", `/api/v1/exports/${a.id}`)).statusCode).toBe(204);
    expect((await call("GET", `/api/v1/exports/${a.id}`)).statusCode).toBe(404);
    const file = await t.db
      .selectFrom("files")
      .select("id")
      .where("id", "=", row.file_id as string)
      .executeTakeFirst();
    expect(file).toBeUndefined();
    expect((await call("DELETE", `/api/v1/exports/${a.id}`)).statusCode).toBe(404);
  });

  it("refuses to delete an export that is being written", async () => {
    const res = await call("POST", "/api/v1/exports", admin, { entity: "companies", format: "csv" });
    await t.db.updateTable("exports").set({ status: "running" }).where("id", "=", res.json().id).execute();
    const del = await call("DELETE", `/api/v1/exports/${res.json().id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe("export_running");
    expect((await call("GET", `/api/v1/exports/${res.json().id}`)).statusCode).toBe(200);
  });
});
