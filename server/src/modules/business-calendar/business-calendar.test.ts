import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { businessSeconds } from "../../platform/calendar/business-time.js";
import { loadBusinessCalendar } from "../../platform/calendar/calendar.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("business calendar API", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  const url = "/api/v1/business-calendar";

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  it("starts unconfigured with Mon–Fri 09:00–18:00; admins set week, holidays and moved days; everyone reads", async () => {
    const start = (await t.app.inject({ method: "GET", url, headers: manager })).json();
    expect(start.configured).toBe(false);
    expect(start.week).toHaveLength(5);
    expect(start.week[0]).toEqual({ weekday: 1, start: "09:00", end: "18:00" });

    const week = {
      timeZone: "Europe/Moscow",
      week: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" })),
    };
    expect((await t.app.inject({ method: "PUT", url, headers: manager, payload: week })).statusCode).toBe(
      403,
    );
    const saved = await t.app.inject({ method: "PUT", url, headers: admin, payload: week });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ configured: true, timeZone: "Europe/Moscow" });

    const dates = {
      dates: [
        { day: "2027-01-07", kind: "holiday", name: "Christmas" },
        { day: "2027-01-09", kind: "workday", start: "10:00", end: "15:00" },
      ],
    };
    const added = await t.app.inject({ method: "POST", url: `${url}/dates`, headers: admin, payload: dates });
    expect(added.statusCode, added.body).toBe(200);
    const read = (await t.app.inject({ method: "GET", url: `${url}?year=2027`, headers: manager })).json();
    expect(read.dates).toEqual([
      { day: "2027-01-07", kind: "holiday", name: "Christmas", start: null, end: null },
      { day: "2027-01-09", kind: "workday", name: null, start: "10:00", end: "15:00" },
    ]);

    // The SQL function and the TypeScript calendar agree: Wed 17:00 → Mon 10:00 MSK is 1 + 0 + 9 + 5 + 1 h.
    const cal = await loadBusinessCalendar(t.db);
    const from = new Date("2027-01-06T14:00:00Z");
    const to = new Date("2027-01-11T07:00:00Z");
    expect(businessSeconds(from, to, "UTC", cal)).toBe(16 * 3600);
    const r = await sql<{ s: number }>`select business_seconds(${from}, ${to}, 'UTC') as s`.execute(t.db);
    expect(Number(r.rows[0]?.s)).toBe(16 * 3600);

    // An imported list replaces its year; a date is removed by day.
    const replaced = await t.app.inject({
      method: "POST",
      url: `${url}/dates`,
      headers: admin,
      payload: { replaceYears: [2027], dates: [{ day: "2027-01-01", kind: "holiday", name: "New Year" }] },
    });
    expect(replaced.json().dates.map((d: { day: string }) => d.day)).toEqual(["2027-01-01"]);
    const del = await t.app.inject({ method: "DELETE", url: `${url}/dates/2027-01-01`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: "DELETE", url: `${url}/dates/2027-01-01`, headers: admin })).statusCode,
    ).toBe(404);
  });

  it("refuses a wrong zone, hours that end before they start, duplicates and hours on a holiday", async () => {
    const bad = await t.app.inject({
      method: "PUT",
      url,
      headers: admin,
      payload: {
        timeZone: "Mars/Olympus",
        week: [
          { weekday: 1, start: "18:00", end: "09:00" },
          { weekday: 1, start: "09:00", end: "18:00" },
        ],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(["timeZone:invalid_time_zone", "week.0.end:end_before_start", "week.1.weekday:duplicate"]);
    const holiday = await t.app.inject({
      method: "POST",
      url: `${url}/dates`,
      headers: admin,
      payload: { dates: [{ day: "2027-05-01", kind: "holiday", start: "09:00", end: "12:00" }] },
    });
    expect(holiday.statusCode).toBe(422);
    expect(holiday.json().errors[0].code).toBe("holiday_hours");
  });
});
