import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertContact } from "../activities/test-records.js";

/**
 * Team performance's response time on business hours: a lead created on Friday 17:00 (Moscow) and first called
 * on Monday 10:00 waited 65 calendar hours but 2 working hours — shown once an administrator set the calendar
 * up; Thursday made a holiday and the Saturday a moved working day (10:00–15:00) count as such.
 */
describe("team performance: response time on business hours", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let userId: string;
  const url = "/api/v1/analytics/team-performance?from=2027-01-01&to=2027-01-31";

  const row = async () => {
    await t.relay.drain("analytics.data-version");
    const res = await t.app.inject({ method: "GET", url, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return {
      columns: body.columns.map((c: { key: string }) => c.key) as string[],
      row: body.rows.find((r: { user: string }) => r.user === userId),
    };
  };

  beforeAll(async () => {
    const user = await createUser(t.db, { roleKey: "admin", name: "Responder" });
    userId = user.id;
    admin = await tokenHeaders(t.db, user.id);
    await t.db.updateTable("users").set({ time_zone: "Europe/Moscow" }).where("id", "=", user.id).execute();
    const lead = await insertContact(t.db, user.id, { created_at: new Date("2027-01-08T14:00:00Z") });
    const call = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: admin,
      payload: {
        kind: "call",
        direction: "out",
        occurredAt: "2027-01-11T07:00:00Z",
        links: [{ entity: "contacts", id: lead }],
      },
    });
    expect(call.statusCode, call.body).toBe(201);
  });

  it("shows calendar time only until a calendar is set up, then both", async () => {
    const before = await row();
    expect(before.columns).not.toContain("responseTimeBusiness");
    expect(before.row.responseTime).toBe(65 * 3600);

    const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" }));
    const saved = await t.app.inject({
      method: "PUT",
      url: "/api/v1/business-calendar",
      headers: admin,
      payload: { timeZone: null, week },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = await row();
    expect(after.columns).toContain("responseTimeBusiness");
    expect(after.row.responseTime).toBe(65 * 3600);
    expect(after.row.responseTimeBusiness).toBe(2 * 3600);

    await t.app.inject({
      method: "POST",
      url: "/api/v1/business-calendar/dates",
      headers: admin,
      payload: { dates: [{ day: "2027-01-09", kind: "workday", start: "10:00", end: "15:00" }] },
    });
    expect((await row()).row.responseTimeBusiness).toBe(7 * 3600);
  });
});
