import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { createProbeEntity, insertProbe } from "./test-support.js";

describe("tasks API", () => {
  const t = useTestContext();
  let admin: { authorization: string };
  let manager: { authorization: string };
  let managerId: string;
  let otherId: string;
  let other: { authorization: string };

  beforeAll(async () => {
    await createProbeEntity(t.db);
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    managerId = m.id;
    await t.db.updateTable("users").set({ time_zone: "Europe/Moscow" }).where("id", "=", m.id).execute();
    manager = await tokenHeaders(t.db, m.id);
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    otherId = o.id;
    other = await tokenHeaders(t.db, o.id);
  });

  const post = (headers: Record<string, string>, url: string, payload: object) =>
    t.app.inject({ method: "POST", url, headers, payload });

  it("creates a task owned by the creator in their time zone and records the change", async () => {
    const res = await post(manager, "/api/v1/tasks", {
      title: "Call back",
      type: "call",
      dueAt: "2030-01-10T09:00:00+03:00",
      reminders: [15, 1440],
      priority: "high",
    });
    expect(res.statusCode).toBe(201);
    const task = res.json();
    expect(task).toMatchObject({
      title: "Call back",
      type: "call",
      status: "open",
      priority: "high",
      ownerId: managerId,
      createdBy: managerId,
      timeZone: "Europe/Moscow",
      dueAt: "2030-01-10T06:00:00.000Z",
      allDay: false,
      reminders: [15, 1440],
      overdue: false,
      links: [],
    });
    const events = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity_id", "=", task.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(["create"]);
    expect(events[0]?.changes).toMatchObject({ title: { before: null, after: "Call back" } });
  });

  it("stores all-day tasks as a date, overdue after the end of that day in the task's zone", async () => {
    const res = await post(manager, "/api/v1/tasks", {
      title: "Birthday gift",
      dueAt: "2030-03-01",
      timeZone: "Asia/Almaty",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ dueAt: "2030-03-01", allDay: true, timeZone: "Asia/Almaty" });
    const row = await t.db
      .selectFrom("tasks")
      .selectAll()
      .where("id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.due_at?.toISOString()).toBe("2030-02-28T19:00:00.000Z");
    expect(row.overdue_at?.toISOString()).toBe("2030-03-01T19:00:00.000Z");
  });

  it("refuses an invalid time zone, reminder offsets out of range and unknown types", async () => {
    const tz = await post(manager, "/api/v1/tasks", {
      title: "x",
      dueAt: "2030-01-01",
      timeZone: "Mars/Olympus",
    });
    expect(tz.statusCode).toBe(422);
    expect(tz.json().errors[0].field).toBe("body.timeZone");
    const neg = await post(manager, "/api/v1/tasks", { title: "x", reminders: [-5] });
    expect(neg.statusCode).toBe(422);
    const big = await post(manager, "/api/v1/tasks", { title: "x", reminders: [60 * 24 * 31] });
    expect(big.statusCode).toBe(422);
    const dup = await post(manager, "/api/v1/tasks", { title: "x", reminders: [15, 15] });
    expect(dup.statusCode).toBe(422);
    const type = await post(manager, "/api/v1/tasks", { title: "x", type: "visit" });
    expect(type.statusCode).toBe(422);
    expect(type.json().errors[0]).toMatchObject({ field: "body.type", code: "unknown_task_type" });
    expect(await t.db.selectFrom("tasks").select("id").where("title", "=", "x").execute()).toHaveLength(0);
  });

  it("accepts a custom type once an administrator adds it", async () => {
    expect((await post(manager, "/api/v1/task-types", { key: "visit", name: "Visit" })).statusCode).toBe(403);
    const created = await post(admin, "/api/v1/task-types", { key: "visit", name: "Site visit" });
    expect(created.statusCode).toBe(201);
    expect((await post(admin, "/api/v1/task-types", { key: "visit", name: "Again" })).statusCode).toBe(409);
    const task = await post(manager, "/api/v1/tasks", { title: "Visit the plant", type: "visit" });
    expect(task.statusCode).toBe(201);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/task-types", headers: manager });
    expect(list.json().items.map((i: { key: string }) => i.key)).toEqual([
      "call",
      "email",
      "meeting",
      "todo",
      "visit",
    ]);
  });

  it("links only to records the actor can read (else 422 link_not_found)", async () => {
    const adminUser = await t.db
      .selectFrom("users")
      .select("id")
      .where("id", "!=", managerId)
      .executeTakeFirstOrThrow();
    const probe = await insertProbe(t.db, adminUser.id);
    const denied = await post(manager, "/api/v1/tasks", {
      title: "y",
      links: [{ entity: "probe_records", id: probe }],
    });
    expect(denied.statusCode).toBe(422);
    expect(denied.json()).toMatchObject({ code: "link_not_found" });
    const missing = await post(admin, "/api/v1/tasks", {
      title: "y",
      links: [{ entity: "probe_records", id: "00000000-0000-4000-8000-000000000000" }],
    });
    expect(missing.json().code).toBe("link_not_found");
    const unknown = await post(admin, "/api/v1/tasks", {
      title: "y",
      links: [{ entity: "planets", id: probe }],
    });
    expect(unknown.json().code).toBe("link_not_found");
    const ok = await post(admin, "/api/v1/tasks", {
      title: "linked",
      links: [{ entity: "probe_records", id: probe }],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().links).toEqual([{ entity: "probe_records", id: probe }]);
    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/tasks?linked=probe_records:${probe}`,
      headers: admin,
    });
    expect(list.json().items.map((i: { title: string }) => i.title)).toEqual(["linked"]);
    await t.db
      .updateTable("probe_records" as never)
      .set({ deleted_at: new Date() } as never)
      .execute();
    const gone = await post(admin, "/api/v1/tasks", {
      title: "y",
      links: [{ entity: "probe_records", id: probe }],
    });
    expect(gone.json().code).toBe("link_not_found");
  });

  it("hides other users' tasks from a role with own scope and refuses assigning outside scope", async () => {
    const mine = (await post(manager, "/api/v1/tasks", { title: "private" })).json();
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/tasks/${mine.id}`,
        headers: other,
        ...(method === "PATCH" ? { payload: { title: "hijack" } } : {}),
      });
      expect(res.statusCode).toBe(404);
    }
    const give = await post(manager, "/api/v1/tasks", { title: "for you", ownerId: otherId });
    expect(give.statusCode).toBe(422);
    expect(give.json().errors[0].code).toBe("owner_out_of_scope");
    const byAdmin = await post(admin, "/api/v1/tasks", { title: "for you", ownerId: otherId });
    expect(byAdmin.json().ownerId).toBe(otherId);
  });

  it("completes with a result, refuses completing twice, reschedules only open tasks", async () => {
    const task = (
      await post(manager, "/api/v1/tasks", { title: "Call Ivan", dueAt: "2030-02-01T10:00:00Z" })
    ).json();
    const moved = await post(manager, `/api/v1/tasks/${task.id}/reschedule`, {
      dueAt: "2030-02-02T10:00:00Z",
    });
    expect(moved.json().dueAt).toBe("2030-02-02T10:00:00.000Z");
    const done = await post(manager, `/api/v1/tasks/${task.id}/complete`, { result: "Agreed on a demo" });
    expect(done.json()).toMatchObject({ status: "done", result: "Agreed on a demo" });
    expect(done.json().completedAt).not.toBeNull();
    expect((await post(manager, `/api/v1/tasks/${task.id}/complete`, {})).json().code).toBe("task_not_open");
    expect(
      (await post(manager, `/api/v1/tasks/${task.id}/reschedule`, { dueAt: "2030-03-01" })).statusCode,
    ).toBe(409);
    const actions = await t.db
      .selectFrom("change_events")
      .select("action")
      .where("entity_id", "=", task.id)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["create", "reschedule", "complete"]);
  });

  it("lists overdue, today, upcoming and done views, keeping history and plans", async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    const h = await tokenHeaders(t.db, u.id);
    const hour = 3_600_000;
    const mk = async (title: string, dueAt: string | null) =>
      (await post(h, "/api/v1/tasks", { title, ...(dueAt ? { dueAt } : {}) })).json();
    await mk("late", new Date(Date.now() - 2 * hour).toISOString());
    await mk("soon", new Date(Date.now() + 60_000).toISOString());
    await mk("later", new Date(Date.now() + 72 * hour).toISOString());
    const finished = await mk("finished", new Date(Date.now() + 72 * hour).toISOString());
    await post(h, `/api/v1/tasks/${finished.id}/complete`, {});
    const view = async (v: string) =>
      (await t.app.inject({ method: "GET", url: `/api/v1/tasks?view=${v}`, headers: h }))
        .json()
        .items.map((i: { title: string }) => i.title);
    expect(await view("overdue")).toEqual(["late"]);
    expect(await view("upcoming")).toEqual(["later"]);
    expect(await view("done")).toEqual(["finished"]);
    expect((await view("all")).sort()).toEqual(["finished", "late", "later", "soon"]);
    const today = await view("today");
    // Due today in the user's zone (UTC here), the past hours of today included.
    expect(today.filter((x: string) => x !== "soon" && x !== "late")).toEqual([]);
    if (new Date().getUTCHours() >= 3 && new Date().getUTCHours() < 23)
      expect(today).toEqual(["late", "soon"]);
  });

  it("pages with a keyset cursor without losing rows", async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    const h = await tokenHeaders(t.db, u.id);
    for (let i = 0; i < 5; i++) await post(h, "/api/v1/tasks", { title: `p${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/tasks?limit=2${cursor ? `&cursor=${cursor}&total=true` : ""}`;
      const res = await t.app.inject({ method: "GET", url, headers: h });
      const body = res.json() as { items: { title: string }[]; nextCursor: string | null; total: unknown };
      expect(body.total).toEqual({ count: 5, capped: false });
      seen.push(...body.items.map((i) => i.title));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["p4", "p3", "p2", "p1", "p0"]);
    const bad = await t.app.inject({ method: "GET", url: "/api/v1/tasks?cursor=abc", headers: h });
    expect(bad.json().code).toBe("invalid_cursor");
  });
});
