import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

const hasEmail = (e: string) => sql<boolean>`email_values @> array[${e}]::text[]`;

describe("imports", () => {
  const t = useTestContext({ env: { UPLOAD_LIMIT_BYTES: String(80 * 1024 * 1024) } });
  let admin: Record<string, string>;
  let adminId: string;
  let marketer: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", a.id).execute();
    admin = await tokenHeaders(t.db, a.id);
    const m = await createUser(t.db, { roleKey: "marketer" });
    marketer = await tokenHeaders(t.db, m.id);
  });

  const get = (url: string, headers = admin) => t.app.inject({ method: "GET", url, headers });
  const post = (url: string, headers = admin, payload?: object) =>
    t.app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });
  const put = (url: string, payload: object, headers = admin) =>
    t.app.inject({ method: "PUT", url, headers, payload });

  async function runToEnd(id: string) {
    const res = await post(`/api/v1/imports/${id}/run`);
    expect(res.statusCode, res.body).toBe(202);
    await runImport(t.db, id);
    return (await get(`/api/v1/imports/${id}`)).json();
  }

  it("auto-maps a Windows-1251 CSV with ; and Cyrillic headers, previews and imports it", async () => {
    const csv = [
      "Фамилия;Имя;Телефон;Имейл;Должность",
      "Петров;Иван;8 (916) 123-45-67;ivan@example.ru;Директор",
      "Сидорова;Анна;+7 916 765-43-21;anna@example.ru;Бухгалтер",
    ].join("\r\n");
    const res = await upload(t.app, admin, "contacts", iconv.encode(csv, "windows-1251"));
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ detectedEncoding: "windows-1251", detectedDelimiter: ";", fileKind: "csv" });
    expect(imp.mapping).toEqual({
      "0": "lastName",
      "1": "firstName",
      "2": "phone",
      "3": "email",
      "4": "position",
    });
    const pv = (await get(`/api/v1/imports/${imp.id}/preview`)).json();
    expect(pv.headers[0]).toBe("Фамилия");
    expect(pv.rows[0]).toEqual({
      rowNumber: 2,
      cells: ["Петров", "Иван", "8 (916) 123-45-67", "ivan@example.ru", "Директор"],
    });
    const dry = await dryRun(t, admin, imp.id);
    expect(dry.json().dryRun).toMatchObject({ total: 2, valid: 2, invalid: 0, toCreate: 2 });
    const done = await runToEnd(imp.id);
    expect(done).toMatchObject({ status: "completed", progress: { processed: 2, created: 2, failed: 0 } });
    const ivan = await t.db
      .selectFrom("contacts")
      .selectAll()
      .where(hasEmail("ivan@example.ru"))
      .executeTakeFirstOrThrow();
    expect(ivan).toMatchObject({ name: "Иван Петров", owner_id: adminId, phone_e164: ["+79161234567"] });
    const events = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity_id", "=", imp.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(["import"]);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "import.completed")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("reads UTF-16 with tabs and XLSX workbooks", async () => {
    const tsv = "First name\tLast name\tE-mail\nOla\tNordmann\tola@example.com\n";
    const u16 = await upload(t.app, admin, "contacts", iconv.encode(tsv, "utf-16le", { addBOM: true }));
    expect(u16.json()).toMatchObject({ detectedEncoding: "utf-16le", detectedDelimiter: "\t" });
    expect(u16.json().mapping).toEqual({ "0": "firstName", "1": "lastName", "2": "email" });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Contacts");
    ws.addRow(["Имя", "Фамилия", "Email", "День рождения"]);
    ws.addRow(["Мария", "Кузнецова", "maria@example.ru", new Date(Date.UTC(1990, 4, 17))]);
    const x = await upload(t.app, admin, "contacts", Buffer.from(await wb.xlsx.writeBuffer()), "c.xlsx");
    expect(x.statusCode, x.body).toBe(201);
    expect(x.json()).toMatchObject({ fileKind: "xlsx" });
    expect(x.json().mapping).toEqual({ "0": "firstName", "1": "lastName", "2": "email", "3": "birthday" });
    await dryRun(t, admin, x.json().id);
    await runToEnd(x.json().id);
    const maria = await t.db
      .selectFrom("contacts")
      .selectAll()
      .where(hasEmail("maria@example.ru"))
      .executeTakeFirstOrThrow();
    expect(maria.birthday).toBe("1990-05-17");
  });

  it("refuses a file that is not CSV, XLSX or vCard", async () => {
    const garbage = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 256));
    const res = await upload(t.app, admin, "contacts", garbage, "evil.exe");
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("unsupported_file");
    expect(await t.db.selectFrom("files").selectAll().where("name", "=", "evil.exe").execute()).toHaveLength(
      0,
    );
  });

  it("reports invalid rows; refuses to run them unless skipping is allowed", async () => {
    const csv =
      "Name,Email,Phone\nGood One,good@example.com,+7 916 111-22-33\nBad Mail,not-an-email,+7 916 111-22-34\nBad Phone,badphone@example.com,12ab\n";
    const imp = (await upload(t.app, admin, "contacts", csv)).json();
    const strict = await put(`/api/v1/imports/${imp.id}/mapping`, {
      mapping: imp.mapping,
      options: { skipInvalidRows: false },
    });
    expect(strict.statusCode, strict.body).toBe(200);
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 3, valid: 1, invalid: 2 });
    const report = await get(`/api/v1/imports/${imp.id}/errors.csv`);
    expect(report.headers["content-type"]).toContain("text/csv");
    const lines = report.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toBe("row,column,value,reason,kind");
    expect(lines.some((l) => l.startsWith("3,Email,not-an-email,"))).toBe(true);
    expect(lines.some((l) => l.startsWith("4,Phone,12ab,"))).toBe(true);
    const refused = await post(`/api/v1/imports/${imp.id}/run`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("invalid_rows");

    await put(`/api/v1/imports/${imp.id}/mapping`, {
      mapping: imp.mapping,
      options: { skipInvalidRows: true },
    });
    await dryRun(t, admin, imp.id);
    const done = await runToEnd(imp.id);
    expect(done.progress).toMatchObject({ processed: 3, created: 1, failed: 2 });
    const bad = await t.db.selectFrom("contacts").select("id").where("name", "=", "Bad Mail").execute();
    expect(bad).toHaveLength(0);
  });

  it("turns a 50 MB cell into a row error, not a crash", async () => {
    const huge = "x".repeat(50 * 1024 * 1024);
    const csv = `Name,Notes\nHuge Cell,${huge}\nSmall Cell,fine\n`;
    const imp = (await upload(t.app, admin, "contacts", csv)).json();
    expect(imp.mapping).toEqual({ "0": "name", "1": "notes" });
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    const report = (await get(`/api/v1/imports/${imp.id}/errors.csv`)).body;
    expect(report).toContain("Longer than 10000 characters");
    expect(report.length).toBeLessThan(2000);
  }, 180_000);

  it("applies duplicate policies and reverts updates and creations", async () => {
    const first = "Name,Email,Position\nDup Person,dup@example.com,Engineer\n";
    const a = (await upload(t.app, admin, "contacts", first)).json();
    await dryRun(t, admin, a.id);
    await runToEnd(a.id);

    const second =
      "Name,Email,Position\nDup Person,DUP@example.com,Chief\nNew Person,new@example.com,Intern\nNew Person,new@example.com,Intern\n";
    const skip = (await upload(t.app, admin, "contacts", second)).json();
    const dsk = (await dryRun(t, admin, skip.id)).json();
    expect(dsk.dryRun).toMatchObject({ duplicates: 2, toCreate: 1, toSkip: 2 });

    const upd = (await upload(t.app, admin, "contacts", second)).json();
    await put(`/api/v1/imports/${upd.id}/mapping`, {
      mapping: upd.mapping,
      options: { duplicatePolicy: "update" },
    });
    await dryRun(t, admin, upd.id);
    const done = await runToEnd(upd.id);
    expect(done.progress).toMatchObject({ processed: 3, created: 1, updated: 1, skipped: 1 });
    const dup = () => t.db.selectFrom("contacts").selectAll().where(hasEmail("dup@example.com")).execute();
    expect((await dup()).map((c) => c.position)).toEqual(["Chief"]);

    const rev = await post(`/api/v1/imports/${upd.id}/revert`);
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json().status).toBe("reverted");
    expect((await dup()).map((c) => c.position)).toEqual(["Engineer"]);
    const created = await t.db
      .selectFrom("contacts")
      .select("deleted_at")
      .where(hasEmail("new@example.com"))
      .execute();
    expect(created).toHaveLength(1);
    expect(created[0]?.deleted_at).not.toBeNull();
    expect((await post(`/api/v1/imports/${upd.id}/revert`)).json().code).toBe("import_not_revertible");
  });

  it("imports companies with tax IDs and checks owner and permission rules", async () => {
    const csv =
      "Назив,ПИБ,Owner\nAlfa d.o.o.,100000024,nobody@example.com\nBeta d.o.o.,100000032,\nGama d.o.o.,123,\n";
    const imp = (await upload(t.app, admin, "companies", csv)).json();
    expect(imp.mapping).toEqual({ "0": "name", "1": "taxId", "2": "owner" });
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 3, valid: 1, invalid: 2 });
    const report = (await get(`/api/v1/imports/${imp.id}/errors.csv`)).body;
    expect(report).toContain("nobody@example.com");
    expect(report).toContain("4,ПИБ,123,");

    const sm = await createUser(t.db, { roleKey: "sales_manager" });
    const smHeaders = await tokenHeaders(t.db, sm.id);
    const denied = await upload(t.app, smHeaders, "contacts", "Name\nX\n");
    expect(denied.statusCode).toBe(403);
    expect((await get(`/api/v1/imports/${imp.id}`, marketer)).statusCode).toBe(404);
    expect((await put(`/api/v1/imports/${imp.id}/mapping`, { mapping: { "0": "amount" } })).statusCode).toBe(
      422,
    );
  });
});
