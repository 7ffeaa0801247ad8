import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  atTimeOf,
  firstDayOfWeek,
  fromIsoDate,
  monthGrid,
  startOfWeek,
  toIsoDate,
  visibleRange,
  weekDays,
} from "./dateMath";

const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "Europe/Belgrade";
});
afterAll(() => {
  process.env.TZ = originalTz;
});

describe("week boundaries per locale", () => {
  it("knows where weeks start", () => {
    expect(firstDayOfWeek("en")).toBe(7); // en → en-US: Sunday
    expect(firstDayOfWeek("en-GB")).toBe(1);
    expect(firstDayOfWeek("ru")).toBe(1);
    expect(firstDayOfWeek("sr-Cyrl")).toBe(1);
    expect(firstDayOfWeek("kk")).toBe(1);
  });

  it("starts the week on the locale's first day", () => {
    const wednesday = new Date(2026, 10, 25, 15, 30); // 25 Nov 2026
    expect(toIsoDate(startOfWeek(wednesday, 1))).toBe("2026-11-23");
    expect(toIsoDate(startOfWeek(wednesday, 7))).toBe("2026-11-22");
    const sunday = new Date(2026, 10, 29);
    expect(toIsoDate(startOfWeek(sunday, 1))).toBe("2026-11-23");
    expect(toIsoDate(startOfWeek(sunday, 7))).toBe("2026-11-29");
    expect(weekDays(sunday, 1).map(toIsoDate)).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("covers a month with whole weeks", () => {
    const grid = monthGrid(new Date(2026, 1, 10), 1); // February 2026 starts on a Sunday
    expect(grid).toHaveLength(5);
    expect(toIsoDate(grid[0]?.[0] as Date)).toBe("2026-01-26");
    expect(toIsoDate(grid[4]?.[6] as Date)).toBe("2026-03-01");
    const range = visibleRange("month", new Date(2026, 1, 10), 7);
    expect(toIsoDate(range.from)).toBe("2026-02-01");
    expect(toIsoDate(range.to)).toBe("2026-03-01");
  });
});

describe("DST-safe arithmetic", () => {
  it("keeps the wall-clock time across the spring-forward night (Belgrade, 29 Mar 2026)", () => {
    const before = new Date(2026, 2, 28, 10, 0);
    const after = addDays(before, 1);
    expect(after.getHours()).toBe(10);
    expect(toIsoDate(after)).toBe("2026-03-29");
    expect(after.getTime() - before.getTime()).toBe(23 * 3_600_000);
  });

  it("keeps midnight across the autumn change and makes 7-day weeks of 168/169 hours", () => {
    const sunday = new Date(2026, 9, 25); // clocks go back this night
    expect(toIsoDate(addDays(sunday, 1))).toBe("2026-10-26");
    expect(addDays(sunday, 1).getHours()).toBe(0);
    const range = visibleRange("week", new Date(2026, 9, 21), 1);
    expect(toIsoDate(range.from)).toBe("2026-10-19");
    expect(toIsoDate(range.to)).toBe("2026-10-26");
    expect(range.to.getTime() - range.from.getTime()).toBe(169 * 3_600_000);
  });

  it("clamps months, parses local dates and moves events keeping their time", () => {
    expect(toIsoDate(addMonths(new Date(2026, 0, 31), 1))).toBe("2026-02-28");
    expect(fromIsoDate("2026-03-29")?.getHours()).toBe(0);
    expect(fromIsoDate("29.03.2026")).toBeNull();
    const moved = atTimeOf(new Date(2026, 2, 29), new Date(2026, 2, 27, 9, 45));
    expect([toIsoDate(moved), moved.getHours(), moved.getMinutes()]).toEqual(["2026-03-29", 9, 45]);
    expect(atTimeOf(new Date(2026, 2, 29), moved, 14 * 60 + 30).getHours()).toBe(14);
  });
});
