// The browser in California, the user in Moscow: "today", "tomorrow" and "next week" are the user's days.
process.env.TZ = "America/Los_Angeles";

import { describe, expect, it } from "vitest";
import { todayIn, toIsoDate } from "../../ui/dates/dateMath";
import { rescheduledDue } from "./myDayModel";

const moscow = "Europe/Moscow";
// Monday 7 December 2026, 08:00 in Moscow — still Sunday 6 December, 21:00 in California.
const now = new Date("2026-12-07T05:00:00.000Z");

describe("the user's day, not the browser's", () => {
  it("today is the profile zone's day", () => {
    expect(toIsoDate(todayIn(undefined, now))).toBe("2026-12-06");
    expect(toIsoDate(todayIn(moscow, now))).toBe("2026-12-07");
    expect(toIsoDate(todayIn("Asia/Almaty", new Date("2026-12-07T20:00:00.000Z")))).toBe("2026-12-08");
  });

  it("tomorrow and next week keep a 10:30 Moscow call at 10:30 Moscow, counted from the user's today", () => {
    const call = { dueAt: "2026-12-07T07:30:00.000Z", allDay: false };
    expect(rescheduledDue(call, "tomorrow", now, moscow)).toBe("2026-12-08T07:30:00.000Z");
    expect(rescheduledDue(call, "nextWeek", now, moscow)).toBe("2026-12-14T07:30:00.000Z");
    expect(rescheduledDue({ dueAt: "2026-12-07", allDay: true }, "tomorrow", now, moscow)).toBe("2026-12-08");
  });
});
