import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { scanOverdue } from "./overdue.js";

const DAY = 86_400_000;

describe("overdue scan and escalation", () => {
  const t = useTestContext();
  let ownerId: string;
  let headId: string;
  let headers: { authorization: string };

  beforeAll(async () => {
    const team = await createTeam(t.db, "Sales North");
    const head = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id, name: "Anna Head" });
    headId = head.id;
    await t.db.updateTable("teams").set({ head_id: head.id }).where("id", "=", team.id).execute();
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", head.id).execute();
    const owner = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Oleg" });
    ownerId = owner.id;
    headers = await tokenHeaders(t.db, owner.id);
  });

  const createTask = async (title: string, dueAt: Date) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers,
      payload: { title, dueAt: dueAt.toISOString() },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const notificationsOf = (taskId: string, kind: string) =>
    t.db
      .selectFrom("notifications")
      .selectAll()
      .where("entity_id", "=", taskId)
      .where("kind", "=", kind)
      .execute();
  /** Moves a task's due moment into the past, as time passing would. */
  const backdate = (taskId: string, due: Date) =>
    t.db.updateTable("tasks").set({ due_at: due, overdue_at: due }).where("id", "=", taskId).execute();

  it("notifies the assignee of a newly overdue task once", async () => {
    const task = await createTask("Overdue once", new Date(Date.now() + DAY));
    await scanOverdue(t.deps);
    expect(await notificationsOf(task.id, "task.overdue")).toHaveLength(0);
    await backdate(task.id, new Date(Date.now() - 60_000));
    await scanOverdue(t.deps);
    await scanOverdue(t.deps);
    const sent = await notificationsOf(task.id, "task.overdue");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.user_id).toBe(ownerId);
  });

  it("notifies again after a reschedule that also slips", async () => {
    const task = await createTask("Slips twice", new Date(Date.now() - 60_000));
    await scanOverdue(t.deps);
    await t.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.id}/reschedule`,
      headers,
      payload: { dueAt: new Date(Date.now() + DAY).toISOString() },
    });
    await backdate(task.id, new Date(Date.now() - 60_000));
    await scanOverdue(t.deps);
    expect((await notificationsOf(task.id, "task.overdue")).map((n) => n.dedupe_key)).toEqual([
      `task.overdue:${task.id}:1`,
      `task.overdue:${task.id}:2`,
    ]);
  });

  it("escalates to the team head after N days, once, in the head's language", async () => {
    const task = await createTask("Send the commercial offer", new Date(Date.now() + DAY));
    await backdate(task.id, new Date(Date.now() - DAY - 3_600_000));
    await scanOverdue(t.deps);
    expect(await notificationsOf(task.id, "task.escalated")).toHaveLength(0);
    await backdate(task.id, new Date(Date.now() - 2 * DAY - 3_600_000));
    await scanOverdue(t.deps);
    await scanOverdue(t.deps);
    const sent = await notificationsOf(task.id, "task.escalated");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      user_id: headId,
      params: { title: "Send the commercial offer", days: 2 },
    });
    const head = await tokenHeaders(t.db, headId);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/notifications", headers: head });
    const item = list.json().items.find((i: { entityId: string }) => i.entityId === task.id);
    expect(item.title).toBe("Задача «Send the commercial offer» (Oleg) просрочена на 2 дня");
  });

  it("escalates to the manager when there is no team head, and follows the escalation setting", async () => {
    const manager = await createUser(t.db, { roleKey: "head_of_sales" });
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ manager_id: manager.id }).where("id", "=", u.id).execute();
    await t.db
      .insertInto("app_settings")
      .values({ key: "escalation", value: JSON.stringify({ overdueDays: 5 }) })
      .execute();
    const h = await tokenHeaders(t.db, u.id);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: h,
      payload: { title: "Late contract", dueAt: new Date(Date.now() + DAY).toISOString() },
    });
    const id = res.json().id as string;
    await backdate(id, new Date(Date.now() - 3 * DAY));
    await scanOverdue(t.deps);
    expect(await notificationsOf(id, "task.escalated")).toHaveLength(0);
    await backdate(id, new Date(Date.now() - 6 * DAY));
    await scanOverdue(t.deps);
    const sent = await notificationsOf(id, "task.escalated");
    expect(sent.map((n) => n.user_id)).toEqual([manager.id]);
    expect(sent[0]?.params).toMatchObject({ days: 6 });
    await t.db.deleteFrom("app_settings").where("key", "=", "escalation").execute();
  });

  it("does not escalate done tasks", async () => {
    const task = await createTask("Finished late", new Date(Date.now() + DAY));
    await t.app.inject({ method: "POST", url: `/api/v1/tasks/${task.id}/complete`, headers, payload: {} });
    await backdate(task.id, new Date(Date.now() - 10 * DAY));
    await scanOverdue(t.deps);
    expect(await notificationsOf(task.id, "task.escalated")).toHaveLength(0);
    expect(await notificationsOf(task.id, "task.overdue")).toHaveLength(0);
  });
});
