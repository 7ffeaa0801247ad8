import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { resolveFilters } from "./filters.js";
import { compactOpenTaskDays } from "./open-task-days.js";
import { compareOverdue, insertTasksInBulk } from "./open-task-days-test-support.js";
import { isoDay, prng } from "./rollups-test-support.js";
import { teamPerformance } from "./team-repository.js";

const HOUR = 3_600_000;
const ZONES = ["UTC", "Asia/Almaty", "America/New_York", "Pacific/Kiritimati"];

describe("tasks overdue now from analytics_open_task_days", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;
  const owners: string[] = [];

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin", name: "Admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    for (const name of ["Anna", "Boris", "Sergei"]) owners.push((await createUser(t.db, { name })).id);
  });

  const call = (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });

  const expectExact = async (label: string) => {
    const c = await compareOverdue(t.db);
    expect(c.rollup, label).toEqual(c.direct);
    return c;
  };

  it("equals the direct count through random task writes, bulk writes, hand-overs and compactions", async () => {
    const rnd = prng(20261209);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const ids: string[] = [];
    const dayStart = () => {
      const d = new Date();
      d.setUTCHours(0, 0, 0, 0);
      return d.getTime();
    };
    // Instants around the UTC day boundary (earlier / later today), past and future days, all-day dates in
    // zones east and west of UTC, and no due time at all.
    const due = (): { dueAt: string | null; timeZone?: string } => {
      const now = Date.now();
      const r = rnd();
      if (r < 0.1) return { dueAt: null };
      if (r < 0.3) return { dueAt: new Date(dayStart() + rnd() * (now - dayStart())).toISOString() };
      if (r < 0.45) return { dueAt: new Date(now + rnd() * (dayStart() + 24 * HOUR - now)).toISOString() };
      if (r < 0.7) return { dueAt: new Date(now + (rnd() * 10 - 7) * 24 * HOUR).toISOString() };
      return { dueAt: isoDay(new Date(now + Math.floor(rnd() * 5 - 3) * 24 * HOUR)), timeZone: pick(ZONES) };
    };
    const create = async () => {
      const res = await call("POST", "/api/v1/tasks", { title: "T", ownerId: pick(owners), ...due() });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    };
    const live = async (n: number) =>
      (
        await sql<{ id: string }>`select id from tasks where deleted_at is null and id = any(${ids}::uuid[])
          order by md5(id::text || ${String(rnd())}) limit ${n}`.execute(t.db)
      ).rows.map((r) => r.id);
    // A PATCH that changes nothing answers 500 (an empty UPDATE, a bug of the tasks module): status changes
    // pick a task not in that status.
    const notIn = async (status: string) =>
      (
        await sql<{ id: string }>`select id from tasks where status <> ${status} and id = any(${ids}::uuid[])
          order by md5(id::text || ${String(rnd())}) limit 1`.execute(t.db)
      ).rows[0]?.id;
    const ops: Array<() => Promise<unknown>> = [
      create,
      create,
      () => call("POST", `/api/v1/tasks/${pick(ids)}/complete`, {}),
      async () => {
        const id = await notIn("open");
        return id && call("PATCH", `/api/v1/tasks/${id}`, { status: "open" });
      },
      async () => {
        const id = await notIn("cancelled");
        return id && call("PATCH", `/api/v1/tasks/${id}`, { status: "cancelled" });
      },
      () => call("PATCH", `/api/v1/tasks/${pick(ids)}`, { ownerId: pick(owners) }),
      () => call("PATCH", `/api/v1/tasks/${pick(ids)}`, { ...due() }),
      () => call("PATCH", `/api/v1/tasks/${pick(ids)}`, { title: "Renamed" }),
      () => call("POST", `/api/v1/tasks/${pick(ids)}/reschedule`, { dueAt: new Date().toISOString() }),
      () => call("DELETE", `/api/v1/tasks/${pick(ids)}`),
      // Tasks have no restore route; a revert (imports, merge undo) clears deleted_at in SQL.
      () => sql`update tasks set deleted_at = null where id = ${pick(ids)}`.execute(t.db),
      async () =>
        call("POST", "/api/v1/reassign", {
          entity: "tasks",
          ids: await live(4),
          toUserId: pick(owners),
          reason: "Vacation",
        }),
      async () => ids.push(...(await insertTasksInBulk(t.db, owners, 40, [-50, -0.5, 0.5, 30, null, -300]))),
      // A merge or hand-over in SQL: one statement moves an owner's tasks.
      () => sql`update tasks set owner_id = ${pick(owners)} where owner_id = ${pick(owners)}`.execute(t.db),
      () => sql`delete from tasks where id = ${pick(ids)}`.execute(t.db),
      () => compactOpenTaskDays(t.db),
    ];
    for (let i = 0; i < 12; i++) await create();
    await expectExact("after the first tasks");
    let today = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 20; i++) {
        const res = (await pick(ops)()) as { statusCode?: number; body?: string } | undefined;
        if (res?.statusCode !== undefined) expect(res.statusCode, res.body).toBeLessThan(500);
      }
      today += (await expectExact(`round ${round}`)).today;
      await compactOpenTaskDays(t.db);
      await expectExact(`round ${round}, compacted`);
    }
    const final = await expectExact("final");
    expect(Object.keys(final.direct).length, "owners with overdue tasks").toBeGreaterThanOrEqual(2);
    expect(today, "tasks overdue since earlier today were compared").toBeGreaterThan(0);
    // Compacted: at most one row per owner and key, the past folded.
    const rows = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct (owner_id, day))::int as keys from analytics_open_task_days`.execute(
      t.db,
    );
    expect(rows.rows[0]?.n).toBe(rows.rows[0]?.keys);

    // The widget answers the same figure.
    const actor = (await actorForUser(t.db, adminId)) as Actor;
    const f = await resolveFilters(t.db, actor, { from: isoDay(new Date(Date.now() - 30 * 24 * HOUR)) });
    const people = await teamPerformance(t.db, actor, f);
    for (const p of people) expect(p.tasksOverdue, p.user).toBe(final.direct[p.user] ?? 0);
  });

  it("reads today's tasks only, not every overdue task of the owner", async () => {
    const owner = (await createUser(t.db, { name: "Many overdue" })).id;
    await insertTasksInBulk(t.db, [owner], 400, [-24 * 30, -24 * 5, -48, -0.25, 3]);
    await compactOpenTaskDays(t.db);
    await sql`analyze tasks`.execute(t.db);
    const actor = (await actorForUser(t.db, adminId)) as Actor;
    const f = await resolveFilters(t.db, actor, { from: isoDay(new Date()), userId: owner });
    // Entries read from the tasks table and its indexes (this backend's counts not yet flushed: after − before).
    const tasksRead = async (trx: typeof t.db) =>
      (
        await sql<{ read: number }>`
          select (coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
            + pg_stat_get_xact_tuples_returned('tasks'::regclass))::int as read
          from pg_index i where i.indrelid = 'tasks'::regclass`.execute(trx)
      ).rows[0]?.read ?? 0;
    const { figure, read } = await t.db.transaction().execute(async (trx) => {
      // Any plan reads at least the entries it needs; without seq scans none reads the whole table instead.
      await sql`set local enable_seqscan = off`.execute(trx);
      const before = await tasksRead(trx);
      const rows = await teamPerformance(trx, actor, f);
      const read = (await tasksRead(trx)) - before;
      return { figure: rows.find((r) => r.user === owner)?.tasksOverdue, read };
    });
    const c = await compareOverdue(t.db);
    expect(figure).toBe(c.direct[owner]);
    expect(figure).toBeGreaterThanOrEqual(240); // 3 of each 5 are before today
    // At most the index entries of tasks overdue since earlier today (of every owner, when the plan walks
    // `tasks_open_overdue_idx`); the count before read every one of the owner's overdue tasks.
    expect(read).toBeLessThanOrEqual(c.today);
    expect(read).toBeLessThan(240);
  });
});
