import { sql } from "kysely";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { JobQueue } from "../../platform/jobs/queue.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { REMINDER_JOB, reminderJob } from "./reminders.js";
import { drainQueue } from "./test-support.js";

describe("task reminders", () => {
  const t = useTestContext();
  let userId: string;
  let headers: { authorization: string };

  beforeAll(async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    userId = u.id;
    headers = await tokenHeaders(t.db, u.id);
  });

  const createTask = async (body: object) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tasks", headers, payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; dueAt: string };
  };
  const queued = (taskId: string) =>
    sql<{ data: { offset: number; dueVersion: number }; start_after: Date }>`
      select data, start_after from pgboss.job where name = ${REMINDER_JOB} and data->>'taskId' = ${taskId}
      order by (data->>'offset')::int, (data->>'dueVersion')::int`
      .execute(t.db)
      .then((r) => r.rows);
  const reminders = (taskId: string) =>
    t.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "task.reminder")
      .where("entity_id", "=", taskId)
      .execute();

  it("queues one job per offset at due − offset, with the task's due version", async () => {
    const due = new Date(Date.now() + 3 * 3_600_000);
    const task = await createTask({ title: "Send the offer", dueAt: due.toISOString(), reminders: [15, 60] });
    const jobs = await queued(task.id);
    expect(jobs.map((j) => j.data)).toMatchObject([
      { offset: 15, dueVersion: 1 },
      { offset: 60, dueVersion: 1 },
    ]);
    expect(Math.abs((jobs[0]?.start_after.getTime() ?? 0) - (due.getTime() - 15 * 60_000))).toBeLessThan(
      1000,
    );
  });

  it("ignores reminders of the old due time after a reschedule and sends the new ones once", async () => {
    const task = await createTask({
      title: "Call Olga",
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      reminders: [30],
    });
    const later = new Date(Date.now() + 5 * 3_600_000).toISOString();
    const moved = await t.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.id}/reschedule`,
      headers,
      payload: { dueAt: later },
    });
    expect(moved.statusCode).toBe(200);
    expect((await queued(task.id)).map((j) => j.data.dueVersion)).toEqual([1, 2]);
    await drainQueue(t, reminderJob(t.deps) as never, { includeDelayed: true });
    const sent = await reminders(task.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ user_id: userId, dedupe_key: `task.reminder:${task.id}:2:30` });
  });

  it("sends nothing for completed or deleted tasks or removed offsets", async () => {
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const done = await createTask({ title: "done", dueAt: due, reminders: [10] });
    await t.app.inject({ method: "POST", url: `/api/v1/tasks/${done.id}/complete`, headers, payload: {} });
    const deleted = await createTask({ title: "deleted", dueAt: due, reminders: [10] });
    await t.app.inject({ method: "DELETE", url: `/api/v1/tasks/${deleted.id}`, headers });
    await drainQueue(t, reminderJob(t.deps) as never, { includeDelayed: true });
    expect(await reminders(done.id)).toHaveLength(0);
    expect(await reminders(deleted.id)).toHaveLength(0);
  });

  it("fires a reminder whose moment passed at once, and none for a task already due", async () => {
    const soon = await createTask({
      title: "soon",
      dueAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      reminders: [60],
    });
    const jobs = await queued(soon.id);
    expect(jobs[0]?.start_after.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const past = await createTask({
      title: "past",
      dueAt: new Date(Date.now() - 60_000).toISOString(),
      reminders: [5],
    });
    expect(await queued(past.id)).toHaveLength(0);
  });

  it("survives a restart of the job queue and never sends a reminder twice", async () => {
    const task = await createTask({
      title: "Across restarts",
      dueAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
      reminders: [20],
    });
    const log = pino({ level: "silent" });
    const start = async () => {
      const q = new JobQueue(t.url, log);
      q.define([reminderJob({ ...t.deps, jobs: q }) as never]);
      await q.start({ work: true });
      return q;
    };
    // A first process goes down before the reminder is due.
    const first = await start();
    await first.stop();
    await sql`update pgboss.job set start_after = now() where name = ${REMINDER_JOB} and data->>'taskId' = ${task.id}`.execute(
      t.db,
    );
    const second = await start();
    try {
      await expect
        .poll(async () => (await reminders(task.id)).length, { timeout: 15_000, interval: 200 })
        .toBe(1);
      // The same job delivered again (a retry after a crash between send and complete) changes nothing.
      await second.send(REMINDER_JOB, { taskId: task.id, dueVersion: 1, offset: 20 });
      await expect
        .poll(
          async () =>
            (
              await sql<{ n: string }>`select count(*)::text as n from pgboss.job
                where name = ${REMINDER_JOB} and data->>'taskId' = ${task.id} and state = 'completed'`.execute(
                t.db,
              )
            ).rows[0]?.n,
          { timeout: 15_000, interval: 200 },
        )
        .toBe("2");
      expect(await reminders(task.id)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it("renders the reminder in the recipient's language and time zone", async () => {
    const team = await createTeam(t.db, "Reminders team");
    const u = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    await t.db
      .updateTable("users")
      .set({ language: "ru", time_zone: "Europe/Moscow" })
      .where("id", "=", u.id)
      .execute();
    const h = await tokenHeaders(t.db, u.id);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: h,
      payload: { title: "Отправить КП", dueAt: "2099-05-04T09:30:00Z", reminders: [0] },
    });
    await sql`update pgboss.job set start_after = now() where name = ${REMINDER_JOB} and data->>'taskId' = ${res.json().id}`.execute(
      t.db,
    );
    await drainQueue(t, reminderJob(t.deps) as never);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/notifications", headers: h });
    expect(list.json().items[0].title).toMatch(/^Напоминание: «Отправить КП» — срок .*12:30/);
  });
});
