import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { ensureCrmEntities, insertContact, insertDeal, insertPipeline } from "../activities/test-records.js";
import { birthdayKeys, myDay } from "./service.js";

describe("my day", () => {
  const t = useTestContext();
  let userId: string;
  let headers: { authorization: string };
  let actor: Actor;
  const now = new Date("2030-06-15T06:00:00Z"); // 11:00 in Almaty

  beforeAll(async () => {
    ensureCrmEntities();
    const team = await createTeam(t.db, "Day team");
    const u = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    userId = u.id;
    await t.db.updateTable("users").set({ time_zone: "Asia/Almaty" }).where("id", "=", u.id).execute();
    headers = await tokenHeaders(t.db, u.id);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/my-day", headers });
    expect(me.statusCode).toBe(200);
    const role = await t.db
      .selectFrom("roles")
      .selectAll()
      .where("key", "=", "sales_manager")
      .executeTakeFirstOrThrow();
    actor = {
      userId,
      teamId: team.id,
      roleId: role.id,
      permissions: role.permissions,
      fieldRules: role.field_rules,
      adminPermissions: new Set(),
      readOnly: false,
      sessionId: null,
      apiTokenId: null,
    };
  });

  const task = async (payload: object) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tasks", headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it("lists overdue tasks, today's tasks and meetings in the user's time zone", async () => {
    const late = await task({ title: "late", dueAt: "2030-06-14T10:00:00Z" });
    const later = await task({ title: "later today", dueAt: "2030-06-15T12:00:00Z" });
    await task({ title: "tomorrow local", dueAt: "2030-06-15T19:30:00Z" });
    const meetingTask = await task({
      title: "Demo",
      type: "meeting",
      dueAt: "2030-06-15T09:00:00Z",
      durationMinutes: 60,
    });
    const other = await createUser(t.db, { roleKey: "admin" });
    const oh = await tokenHeaders(t.db, other.id);
    const act = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: oh,
      payload: {
        kind: "meeting",
        subject: "Board",
        startsAt: "2030-06-15T08:00:00Z",
        participants: { users: [userId], contacts: [] },
      },
    });
    expect(act.statusCode).toBe(201);
    const day = await myDay(t.db, actor, now);
    expect(day).toMatchObject({ date: "2030-06-15", timeZone: "Asia/Almaty" });
    expect(day.overdue.items.map((i) => i.id)).toEqual([late]);
    expect(day.today.items.map((i) => i.id)).toEqual([later]);
    expect(day.today.total).toBe(1);
    expect(day.meetings.items.map((m) => [m.source, m.id])).toEqual([
      ["activity", act.json().id],
      ["task", meetingTask],
    ]);
    expect(day.meetings.items[1]?.endsAt).toBe("2030-06-15T10:00:00.000Z");
  });

  it("lists open deals without an open task as needing a next step", async () => {
    const pipeline = await insertPipeline(t.db);
    const bare = await insertDeal(t.db, userId, pipeline, { title: "No next step" });
    const planned = await insertDeal(t.db, userId, pipeline, { title: "Planned" });
    await insertDeal(t.db, userId, pipeline, { title: "Won", stage_id: pipeline.stages[2] });
    await task({ title: "Follow up", links: [{ entity: "deals", id: planned }] });
    const done = await insertDeal(t.db, userId, pipeline, { title: "Only done tasks" });
    const doneTask = await task({ title: "Old call", links: [{ entity: "deals", id: done }] });
    await t.app.inject({ method: "POST", url: `/api/v1/tasks/${doneTask}/complete`, headers, payload: {} });
    const day = await myDay(t.db, actor, now);
    expect(day.dealsWithoutNextStep.items.map((d) => d.title).sort()).toEqual([
      "No next step",
      "Only done tasks",
    ]);
    expect(day.dealsWithoutNextStep.items.find((d) => d.id === bare)?.stage).toBe("New");
  });

  it("lists today's birthdays of contacts in scope, Feb 29 on Feb 28 in other years", async () => {
    await insertContact(t.db, userId, { name: "Birthday today", birthday: "1990-06-15" });
    await insertContact(t.db, userId, { name: "Tomorrow", birthday: "1990-06-16" });
    const stranger = await createUser(t.db, { roleKey: "sales_manager" });
    await insertContact(t.db, stranger.id, { name: "Not my team", birthday: "1985-06-15" });
    await insertContact(t.db, userId, { name: "Leapling", birthday: "2000-02-29" });
    expect((await myDay(t.db, actor, now)).birthdays.items.map((b) => b.name)).toEqual(["Birthday today"]);
    const at = (iso: string) =>
      myDay(t.db, actor, new Date(iso)).then((d) => d.birthdays.items.map((b) => b.name));
    expect(await at("2031-02-28T06:00:00Z")).toEqual(["Leapling"]);
    expect(await at("2032-02-28T06:00:00Z")).toEqual([]);
    expect(await at("2032-02-29T06:00:00Z")).toEqual(["Leapling"]);
    expect(birthdayKeys("2031-02-28")).toEqual([228, 229]);
    expect(birthdayKeys("2032-02-28")).toEqual([228]);
  });

  it("caps each list and reports the total", async () => {
    for (let i = 0; i < 22; i++) await task({ title: `old ${i}`, dueAt: "2030-06-01T10:00:00Z" });
    const day = await myDay(t.db, actor, now);
    expect(day.overdue.items).toHaveLength(20);
    expect(day.overdue.total).toBe(23);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/my-day", headers });
    expect(res.statusCode).toBe(200);
    // The route answers for the real clock, when these 2030 tasks are not due yet.
    expect(res.json()).toMatchObject({ timeZone: "Asia/Almaty", overdue: { total: 0, capped: false } });
  });
});
