import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { drainQueue, runConsumer } from "../tasks/test-support.js";
import { assignmentConsumer } from "./assignments.js";
import { notificationEmailJob } from "./jobs.js";
import { createNotification } from "./service.js";

describe("notifications", () => {
  const t = useTestContext({ env: { SMTP_URL: "json:" } });
  let userId: string;
  let headers: { authorization: string };

  beforeAll(async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager", name: "Nina" });
    userId = u.id;
    headers = await tokenHeaders(t.db, u.id);
  });

  const add = (key: string, title = key) =>
    createNotification(t.db, t.jobs, {
      userId,
      kind: "task.overdue",
      titleKey: "task.overdue",
      params: { title },
      entity: "tasks",
      entityId: null,
      dedupeKey: key,
    });
  const get = (url: string, h: Record<string, string> = headers) =>
    t.app.inject({ method: "GET", url, headers: h });

  it("dedupes by key, lists unread first then newest, pages with a cursor", async () => {
    const a = await add("n:a");
    const b = await add("n:b");
    const c = await add("n:c");
    expect(await add("n:a")).toBeNull();
    await t.app.inject({ method: "POST", url: `/api/v1/notifications/${c}/read`, headers });
    const first = await get("/api/v1/notifications?limit=2");
    expect(first.json()).toMatchObject({ unreadCount: 2 });
    expect(first.json().items.map((i: { id: string }) => i.id)).toEqual([b, a]);
    expect(first.json().items[0]).toMatchObject({
      titleKey: "task.overdue",
      title: "The task «n:b» is overdue",
    });
    const second = await get(`/api/v1/notifications?limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().items.map((i: { id: string }) => i.id)).toEqual([c]);
    expect(second.json().nextCursor).toBeNull();
    expect((await get("/api/v1/notifications?cursor=WyJ4IiwxXQ")).json().code).toBe("invalid_cursor");
    const unread = await get("/api/v1/notifications?unread=true");
    expect(unread.json().items).toHaveLength(2);
  });

  it("marks all read, and answers 404 for someone else's notification", async () => {
    const mine = await add("n:d");
    const stranger = await createUser(t.db, { roleKey: "sales_manager" });
    const sh = await tokenHeaders(t.db, stranger.id);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/notifications/${mine}/read`,
      headers: sh,
    });
    expect(res.statusCode).toBe(404);
    const all = await t.app.inject({ method: "POST", url: "/api/v1/notifications/read-all", headers });
    expect(all.json().updated).toBeGreaterThan(0);
    expect((await get("/api/v1/notifications")).json().unreadCount).toBe(0);
    expect((await get("/api/v1/notifications")).statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/notifications" })).statusCode).toBe(401);
  });

  it("reads, marks unread/read and deletes one notification; someone else's is 404", async () => {
    const id = await add("n:one", "Call Ivan");
    expect(id).not.toBeNull();
    const url = `/api/v1/notifications/${id}`;
    const one = await get(url);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ id, kind: "task.overdue", readAt: null });
    const patch = (payload: object, h: Record<string, string> = headers) =>
      t.app.inject({ method: "PATCH", url, headers: h, payload });
    const read = await patch({ read: true });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await patch({ read: false })).json().readAt).toBeNull();
    expect((await patch({ read: "yes" })).statusCode).toBe(422);
    expect((await patch({})).statusCode).toBe(422);
    const stranger = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    expect((await get(url, stranger)).statusCode).toBe(404);
    expect((await patch({ read: true }, stranger)).statusCode).toBe(404);
    expect((await t.app.inject({ method: "DELETE", url, headers: stranger })).statusCode).toBe(404);
    expect((await get(url)).json().readAt).toBeNull();
    expect((await get("/api/v1/notifications/abc")).statusCode).toBe(422);
    expect((await t.app.inject({ method: "DELETE", url, headers })).statusCode).toBe(204);
    expect((await get(url)).statusCode).toBe(404);
    expect((await t.app.inject({ method: "DELETE", url, headers })).statusCode).toBe(404);
  });

  it("writes to a user who chose Serbian Latin (sr-Latn) in Latin letters, in the list", async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager", name: "Jovana" });
    const h = await tokenHeaders(t.db, u.id);
    const patch = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: h,
      payload: { language: "sr-Latn" },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().language).toBe("sr-Latn");
    const id = await createNotification(t.db, t.jobs, {
      userId: u.id,
      kind: "task.overdue",
      titleKey: "task.overdue",
      params: { title: "Уговор" },
      entity: "tasks",
      entityId: null,
      dedupeKey: "n:latin",
    });
    const list = await get("/api/v1/notifications", h);
    // The template is transliterated; the record's own title stays as it was written.
    expect(list.json().items[0]).toMatchObject({ id, title: "Zadatku «Уговор» je istekao rok" });
  });

  it("emails a copy to users who want email, in their language", async () => {
    await t.db.updateTable("users").set({ language: "kk" }).where("id", "=", userId).execute();
    const id = await add("n:mail", "Келісімшарт");
    await drainQueue(t, notificationEmailJob(t.deps) as never);
    const row = await t.db
      .selectFrom("notifications")
      .select("emailed_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.emailed_at).not.toBeNull();
    await t.db
      .updateTable("users")
      .set({ notify_by_email: false, language: "en" })
      .where("id", "=", userId)
      .execute();
    const quiet = await add("n:quiet");
    await drainQueue(t, notificationEmailJob(t.deps) as never);
    const q = await t.db
      .selectFrom("notifications")
      .select("emailed_at")
      .where("id", "=", quiet)
      .executeTakeFirstOrThrow();
    expect(q.emailed_at).toBeNull();
  });

  it("tells the new owner when someone else assigns them a task, not when they take it themselves", async () => {
    const admin = await createUser(t.db, { roleKey: "admin", name: "Boss" });
    const ah = await tokenHeaders(t.db, admin.id);
    const given = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: ah,
      payload: { title: "Prepare the contract", ownerId: userId },
    });
    expect(given.statusCode, given.body).toBe(201);
    const own = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers,
      payload: { title: "Mine" },
    });
    await runConsumer(t, assignmentConsumer(t.deps) as never);
    const assigned = await t.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "record.assigned")
      .execute();
    expect(assigned.map((n) => n.entity_id)).toEqual([given.json().id]);
    expect(assigned[0]).toMatchObject({
      user_id: userId,
      params: { actor: "Boss", title: "Prepare the contract" },
    });
    expect(own.statusCode).toBe(201);
    // Reassigning an existing task notifies the new owner too.
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/tasks/${own.json().id}`,
      headers: ah,
      payload: { ownerId: admin.id },
    });
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/tasks/${given.json().id}`,
      headers: ah,
      payload: { ownerId: admin.id },
    });
    await runConsumer(t, assignmentConsumer(t.deps) as never);
    expect(
      await t.db.selectFrom("notifications").select("id").where("kind", "=", "record.assigned").execute(),
    ).toHaveLength(1);
  });
});
