// The browser in UTC, the user in Moscow: the calendar lays tasks out in the profile's zone (issue 9).
process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import type { CalendarTask } from "./calendarApi";
import { calendarQuery } from "./calendarApi";
import { byDay, dueAfterDrop, slotOf } from "./calendarModel";

const task = (dueAt: string, allDay = false) => ({ id: dueAt, dueAt, allDay }) as unknown as CalendarTask;
const moscow = "Europe/Moscow";

describe("the calendar in the profile's time zone, browser in UTC", () => {
  it("puts a 10:30 Moscow call in the 10:00 row of its Moscow day", () => {
    expect(new Date(2026, 11, 7).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    const call = task("2026-12-07T07:30:00.000Z");
    expect(slotOf(call, moscow)).toBe(10 * 60);
    expect(slotOf(call, "Asia/Almaty")).toBe(12 * 60);
    const late = task("2026-12-07T22:30:00.000Z");
    expect([...byDay([call, late], moscow).keys()]).toEqual(["2026-12-07", "2026-12-08"]);
  });

  it("dropping on another day's 11:00 row keeps the minutes, in Moscow time", () => {
    const call = task("2026-12-07T07:30:00.000Z");
    expect(dueAfterDrop(call, { date: "2026-12-09", minutes: 11 * 60 }, moscow)).toBe(
      "2026-12-09T08:30:00.000Z",
    );
    expect(dueAfterDrop(call, { date: "2026-12-09" }, moscow)).toBe("2026-12-09T07:30:00.000Z");
  });

  it("asks for the tasks of the visible Moscow days", () => {
    const query = calendarQuery(new Date(2026, 11, 7), new Date(2026, 11, 14), [], moscow);
    expect(query.queryKey.slice(2, 4)).toEqual(["2026-12-06T21:00:00.000Z", "2026-12-13T21:00:00.000Z"]);
  });
});
