import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertCompany } from "../activities/test-records.js";
import { runExport } from "./service.js";

type Headers = Record<string, string>;

/** Exporting the tasks list: CSV/XLSX, the list engine's filter and sort, read ∩ export scope, field rules. */
describe("tasks export", () => {
  const t = useTestContext();
  let admin: Headers;
  let head: Headers;
  let headId: string;
  let mateId: string;
  let outsiderId: string;
  let ownCompany: string;
  let foreignCompany: string;

  const createTask = async (payload: object, headers = admin) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tasks", headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  async function exportFile(headers: Headers, body: object) {
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
    return { status, dl };
  }
  const csvLines = (payload: Buffer) =>
    payload
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);

  beforeAll(async () => {
    const team = await createTeam(t.db, "Export team");
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
    const h = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    headId = h.id;
    head = await tokenHeaders(t.db, h.id);
    mateId = (await createUser(t.db, { roleKey: "sales_manager", teamId: team.id })).id;
    outsiderId = (await createUser(t.db, { roleKey: "sales_manager" })).id;
    ownCompany = await insertCompany(t.db, mateId, { name: "Romashka" });
    foreignCompany = await insertCompany(t.db, outsiderId, { name: "Secret Holding" });

    await createTask({
      title: '=HYPERLINK("http://evil")',
      description: "@SUM(A1)",
      dueAt: "2026-03-02T09:00:00.000Z",
      ownerId: mateId,
      links: [
        { entity: "companies", id: ownCompany },
        { entity: "companies", id: foreignCompany },
      ],
    });
    await createTask({
      title: "+7 call back",
      dueAt: "2026-03-01T09:00:00.000Z",
      ownerId: headId,
      priority: "high",
    });
    await createTask({ title: "Outsider's task", dueAt: "2026-03-03T09:00:00.000Z", ownerId: outsiderId });
    const gone = await createTask({
      title: "Deleted task",
      dueAt: "2026-03-04T09:00:00.000Z",
      ownerId: headId,
    });
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/tasks/${gone}`, headers: admin })).statusCode,
    ).toBe(204);
  });

  it("exports CSV in due order with linked records by name and formula-looking cells escaped", async () => {
    const { dl, status } = await exportFile(admin, {
      entity: "tasks",
      format: "csv",
      columns: ["title", "description", "priority", "dueAt", "links"],
    });
    expect(status.rowCount).toBe(3);
    expect(status.columns).toEqual(["title", "description", "priority", "dueAt", "links"]);
    const [header, ...rows] = csvLines(dl.rawPayload);
    expect(header).toBe("Title,Description,Priority,Due at,Linked records");
    expect(rows[0]).toBe("'+7 call back,,high,2026-03-01T09:00:00.000Z,");
    expect(rows[1]).toBe(
      `"'=HYPERLINK(""http://evil"")",'@SUM(A1),normal,2026-03-02T09:00:00.000Z,Company: Romashka; Company: Secret Holding`,
    );
    expect(rows[2]).toContain("Outsider's task");
    expect(dl.rawPayload.toString("utf8")).not.toContain("Deleted task");
  });

  it("follows the list filter and sort, and writes XLSX with the same escaping", async () => {
    const { dl, status } = await exportFile(admin, {
      entity: "tasks",
      format: "xlsx",
      filter: JSON.stringify({ field: "title", op: "contains", value: "t" }),
      sort: "-dueAt",
      columns: ["title", "dueAt"],
    });
    expect(status.rowCount).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.rawPayload as unknown as ArrayBuffer);
    const titles = (wb.worksheets[0]?.getColumn(1).values ?? []).slice(2).map(String);
    expect(titles).toEqual(["Outsider's task", '\'=HYPERLINK("http://evil")']);
  });

  it("exports only tasks in the read ∩ export scope, naming only linked records the exporter can read", async () => {
    const { dl, status } = await exportFile(head, {
      entity: "tasks",
      format: "csv",
      columns: ["title", "links"],
    });
    expect(status.rowCount).toBe(2);
    const text = dl.rawPayload.toString("utf8");
    expect(text).not.toContain("Outsider's task");
    expect(text).toContain("Company: Romashka");
    expect(text).not.toContain("Secret Holding");
  });

  it("refuses roles without export permission, vCard for tasks and unknown filters", async () => {
    const manager = await tokenHeaders(t.db, mateId);
    const post = (headers: Headers, payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/exports", headers, payload });
    expect((await post(manager, { entity: "tasks", format: "csv" })).statusCode).toBe(403);
    const vcf = await post(admin, { entity: "tasks", format: "vcf" });
    expect(vcf.statusCode).toBe(422);
    expect(vcf.json().errors[0].field).toBe("body.format");
    const bad = await post(admin, {
      entity: "tasks",
      format: "csv",
      filter: JSON.stringify({ field: "nope", op: "eq", value: 1 }),
    });
    expect(bad.statusCode).toBe(422);
  });

  it("never exports fields (or linked records) the role hides, even when asked for", async () => {
    const role = await t.db
      .insertInto("roles")
      .values({
        name: "Task exporter without descriptions",
        permissions: JSON.stringify({ tasks: { read: "all", export: "all" }, companies: { read: "all" } }),
        field_rules: JSON.stringify({ tasks: { description: "hidden", links: "hidden" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, {});
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    const { dl, status } = await exportFile(await tokenHeaders(t.db, u.id), {
      entity: "tasks",
      format: "csv",
      columns: ["title", "description", "links"],
    });
    expect(status.columns).toEqual(["title"]);
    const text = dl.rawPayload.toString("utf8");
    expect(text).not.toContain("@SUM");
    expect(text).not.toContain("Romashka");
  });
});
