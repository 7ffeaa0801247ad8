import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addBusinessHours,
  addDuration,
  businessSeconds,
  nextBusinessMoment,
} from "./business-time.js";
import { type BusinessCalendar, DEFAULT_CALENDAR } from "./calendar.js";

const MSK = "Europe/Moscow"; // UTC+3 all year
const at = (iso: string) => new Date(iso);

/** Default week plus 2027-01-07 (Thursday) off and Saturday 2027-01-09 a moved working day 10:00–15:00. */
const withExceptions: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  configured: true,
  dates: new Map([
    ["2027-01-07", { day: "2027-01-07", kind: "holiday", name: "Christmas", hours: null }],
    ["2027-01-09", { day: "2027-01-09", kind: "workday", name: null, hours: { start: 600, end: 900 } }],
  ]),
};

describe("business time, default week (Mon–Fri 09:00–18:00)", () => {
  it("keeps a moment inside hours and moves others to the next opening", () => {
    // Wednesday 2027-01-06 12:00 MSK
    expect(nextBusinessMoment(at("2027-01-06T09:00:00Z"), MSK)).toEqual(at("2027-01-06T09:00:00Z"));
    // Friday 19:00 MSK → Monday 09:00 MSK
    expect(nextBusinessMoment(at("2027-01-08T16:00:00Z"), MSK)).toEqual(at("2027-01-11T06:00:00Z"));
  });

  it("adds business hours across the evening and the weekend", () => {
    // Friday 17:00 MSK + 2 h → Monday 10:00 MSK
    expect(addBusinessHours(at("2027-01-08T14:00:00Z"), 2, MSK)).toEqual(at("2027-01-11T07:00:00Z"));
    expect(addDuration(at("2027-01-08T14:00:00Z"), 2, "businessHours", MSK)).toEqual(
      at("2027-01-11T07:00:00Z"),
    );
  });

  it("adds business days at the same point of the day", () => {
    // Thursday 11:00 MSK + 3 business days → Tuesday 11:00 MSK
    expect(addBusinessDays(at("2027-01-07T08:00:00Z"), 3, MSK)).toEqual(at("2027-01-12T08:00:00Z"));
  });

  it("counts working seconds between two instants", () => {
    // Friday 17:00 → Monday 10:00 MSK: 1 h + 1 h
    expect(businessSeconds(at("2027-01-08T14:00:00Z"), at("2027-01-11T07:00:00Z"), MSK)).toBe(7200);
    expect(businessSeconds(at("2027-01-11T07:00:00Z"), at("2027-01-08T14:00:00Z"), MSK)).toBe(0);
  });
});

describe("business time with a holiday and a moved working day", () => {
  it("skips the holiday", () => {
    // Wednesday 17:00 MSK + 2 h: Thursday is a holiday → Friday 10:00 MSK
    expect(addBusinessHours(at("2027-01-06T14:00:00Z"), 2, MSK, withExceptions)).toEqual(
      at("2027-01-08T07:00:00Z"),
    );
    expect(nextBusinessMoment(at("2027-01-07T08:00:00Z"), MSK, withExceptions)).toEqual(
      at("2027-01-08T06:00:00Z"),
    );
  });

  it("works on the moved Saturday with its own hours", () => {
    // Friday 17:00 MSK + 2 h → Saturday 11:00 MSK (opens 10:00)
    expect(addBusinessHours(at("2027-01-08T14:00:00Z"), 2, MSK, withExceptions)).toEqual(
      at("2027-01-09T08:00:00Z"),
    );
    // Friday 19:00 MSK → Saturday 10:00 MSK
    expect(nextBusinessMoment(at("2027-01-08T16:00:00Z"), MSK, withExceptions)).toEqual(
      at("2027-01-09T07:00:00Z"),
    );
  });

  it("counts business days over both", () => {
    // Wednesday 11:00 MSK (2 h into the day) + 2 business days: Thursday off, Friday, Saturday (moved) →
    // Saturday 12:00 MSK, 2 h after its 10:00 opening
    expect(addBusinessDays(at("2027-01-06T08:00:00Z"), 2, MSK, withExceptions)).toEqual(
      at("2027-01-09T09:00:00Z"),
    );
    // Wednesday 17:00 → Monday 10:00 MSK: 1 h Wed + 0 Thu + 9 h Fri + 5 h Sat + 1 h Mon
    expect(businessSeconds(at("2027-01-06T14:00:00Z"), at("2027-01-11T07:00:00Z"), MSK, withExceptions)).toBe(
      16 * 3600,
    );
  });

  it("uses the calendar's own zone over the caller's", () => {
    const belgrade: BusinessCalendar = { ...withExceptions, timeZone: "Europe/Belgrade" }; // UTC+1 in winter
    // Friday 08:30 UTC = 09:30 Belgrade: inside hours although 11:30 Moscow would be too
    expect(nextBusinessMoment(at("2027-01-08T08:30:00Z"), MSK, belgrade)).toEqual(at("2027-01-08T08:30:00Z"));
    // Friday 07:30 UTC = 08:30 Belgrade → 09:00 Belgrade
    expect(nextBusinessMoment(at("2027-01-08T07:30:00Z"), MSK, belgrade)).toEqual(at("2027-01-08T08:00:00Z"));
  });
});
