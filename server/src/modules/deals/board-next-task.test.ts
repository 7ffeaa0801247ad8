import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

interface Card {
  id: string;
  title: string;
  nextTask?: { id: string; title?: string; dueAt?: string | null; overdue?: boolean } | null;
}
interface Column {
  stageId: string;
  count: number;
  items: Card[];
  nextCursor: string | null;
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

describe("board: each card's next open task", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let managerId: string;
  let pipelineId: string;
  let firstStage: string;
  let companyId: string;

  const board = async (headers: Record<string, string>, query = "") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board${query}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().stages as Column[];
  };
  const card = (stages: Column[], id: string) => stages.flatMap((s) => s.items).find((c) => c.id === id);
  const deal = async (title: string, ownerId: string) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: admin,
      payload: { title, ownerId, companyId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const task = async (dealId: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: admin,
      payload: { type: "call", links: [{ entity: "deals", id: dealId }], ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    managerId = m.id;
    admin = await tokenHeaders(t.db, a.id);
    manager = await tokenHeaders(t.db, m.id);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: admin });
    const p = list.json().items.find((x: { isDefault: boolean }) => x.isDefault);
    pipelineId = p.id;
    firstStage = p.stages[0].id;
    const company = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: admin,
      payload: { name: "Board Co" },
    });
    expect(company.statusCode, company.body).toBe(201);
    companyId = company.json().id;
  });

  it("shows the earliest open task the viewer may read, overdue flagged, undated last", async () => {
    const d = await deal("Next task deal", managerId);
    // The admin's own task is due first: the manager (tasks read: own) must not see it.
    const hiddenTask = await task(d, { title: "Admin's private call", dueAt: hours(-48) });
    const overdue = await task(d, { title: "Call back", dueAt: hours(-2), ownerId: managerId });
    await task(d, { title: "Send offer", dueAt: hours(24), ownerId: managerId });
    await task(d, { title: "Someday", ownerId: managerId });
    const done = await task(d, { title: "Already done", dueAt: hours(-100), ownerId: managerId });
    const complete = await t.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${done}/complete`,
      headers: admin,
      payload: {},
    });
    expect(complete.statusCode, complete.body).toBe(200);

    const asManager = card(await board(manager), d);
    expect(asManager?.nextTask).toEqual({
      id: overdue,
      title: "Call back",
      dueAt: expect.any(String),
      overdue: true,
    });
    const asAdmin = card(await board(admin), d);
    expect(asAdmin?.nextTask).toMatchObject({ id: hiddenTask, title: "Admin's private call", overdue: true });

    // Deleting the tasks with a due time leaves the undated one; deleting that leaves none.
    for (const id of [hiddenTask, overdue]) {
      const del = await t.app.inject({ method: "DELETE", url: `/api/v1/tasks/${id}`, headers: admin });
      expect(del.statusCode, del.body).toBe(204);
    }
    expect(card(await board(manager), d)?.nextTask).toMatchObject({ title: "Send offer", overdue: false });
  });

  it("answers null for a deal without a readable open task, and undated tasks come last", async () => {
    const lonely = await deal("No task deal", managerId);
    await task(lonely, { title: "Admin only", dueAt: hours(5) });
    const undated = await deal("Undated deal", managerId);
    const someday = await task(undated, { title: "Someday", ownerId: managerId });
    const stages = await board(manager);
    expect(card(stages, lonely)?.nextTask).toBeNull();
    expect(card(stages, undated)?.nextTask).toEqual({
      id: someday,
      title: "Someday",
      dueAt: null,
      overdue: false,
    });
  });

  it("keeps next tasks on further column pages (stageId + cursor) and checks the parameters", async () => {
    const first = await board(admin, "?perStage=1&sort=title");
    const column = first.find((s) => s.stageId === firstStage)!;
    expect(column.count).toBeGreaterThan(1);
    expect(column.nextCursor).not.toBeNull();
    const seen = [...column.items];
    let cursor = column.nextCursor;
    while (cursor) {
      const next = await board(admin, `?perStage=1&sort=title&stageId=${firstStage}&cursor=${cursor}`);
      expect(next).toHaveLength(1);
      expect(next[0]?.stageId).toBe(firstStage);
      seen.push(...(next[0]?.items ?? []));
      cursor = next[0]?.nextCursor ?? null;
    }
    expect(seen).toHaveLength(column.count);
    expect(seen.map((c) => c.title)).toEqual(
      [...seen.map((c) => c.title)].sort((a, b) => a.localeCompare(b)),
    );
    expect(seen.every((c) => c.nextTask !== undefined)).toBe(true);
    expect(seen.find((c) => c.title === "Undated deal")?.nextTask).toMatchObject({ title: "Someday" });

    const noStage = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board?cursor=${column.nextCursor}`,
      headers: admin,
    });
    expect(noStage.statusCode).toBe(422);
    expect(noStage.json().errors[0]).toMatchObject({ field: "stageId", code: "required" });
    const foreign = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board?stageId=00000000-0000-4000-8000-000000000000`,
      headers: admin,
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0]).toMatchObject({ field: "stageId", code: "stage_not_found" });
  });

  /** A user with a role made for the test (no default role reads deals without tasks). */
  const customRole = async (key: string, permissions: object, fieldRules: object = {}) => {
    const role = await t.db
      .insertInto("roles")
      .values({
        key,
        name: key,
        permissions: JSON.stringify(permissions),
        field_rules: JSON.stringify(fieldRules),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    return tokenHeaders(t.db, u.id);
  };

  it("leaves nextTask out for a role that cannot read tasks, and hidden task fields out of it", async () => {
    const d = await deal("Field rules deal", managerId);
    const id = await task(d, { title: "Secret title", dueAt: hours(-1), ownerId: managerId });
    const noTasks = await customRole("deals_only", { deals: { read: "all" } });
    const cards = (await board(noTasks)).flatMap((s) => s.items);
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) expect(c).not.toHaveProperty("nextTask");

    const hiding = await customRole(
      "hides_task_fields",
      { deals: { read: "all" }, tasks: { read: "all" } },
      { tasks: { title: "hidden", dueAt: "hidden" } },
    );
    expect(card(await board(hiding), d)?.nextTask).toEqual({ id });
  });
});
