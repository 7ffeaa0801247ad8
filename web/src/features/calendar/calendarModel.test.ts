import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CalendarTask } from "./calendarApi";
import { byDay, dueAfterDrop, parseDropId, slotOf } from "./calendarModel";

const originalTz = process.env.TZ;
const useZone = (zone: string) => {
  process.env.TZ = zone;
};
afterEach(() => {
  process.env.TZ = "Europe/Belgrade";
});
afterAll(() => {
  process.env.TZ = originalTz;
});

const task = (dueAt: string | null, allDay = false, id = "t1") =>
  ({ id, title: id, type: "call", status: "open", dueAt, allDay, overdue: false }) as unknown as CalendarTask;

/** Local wall-clock date and time of an ISO instant in the current TZ, as `YYYY-MM-DD HH:MM`. */
const local = (iso: string | null) => {
  const d = new Date(iso ?? "");
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe("drop ids", () => {
  it("parses day cells and hour slots, refuses anything else", () => {
    expect(parseDropId("day:2026-03-05")).toEqual({ date: "2026-03-05" });
    expect(parseDropId("slot:2026-03-05:840")).toEqual({ date: "2026-03-05", minutes: 840 });
    expect(parseDropId("slot:2026-03-05")).toBeNull();
    expect(parseDropId("task:abc")).toBeNull();
  });
});

describe("dueAfterDrop", () => {
  it("month/all-day cell: a timed task moves to that day and keeps its time of day", () => {
    useZone("Europe/Belgrade");
    const t = task("2026-03-03T09:30:00.000Z"); // 10:30 in Belgrade
    const after = dueAfterDrop(t, { date: "2026-03-19" });
    expect(local(after)).toBe("2026-03-19 10:30");
    expect(after).toBe("2026-03-19T09:30:00.000Z");
  });

  it("week/day hour slot: takes the slot's hour and keeps the minutes within the hour", () => {
    useZone("Europe/Belgrade");
    const t = task("2026-03-03T09:45:00.000Z"); // 10:45
    expect(local(dueAfterDrop(t, { date: "2026-03-05", minutes: 14 * 60 }))).toBe("2026-03-05 14:45");
    expect(local(dueAfterDrop(t, { date: "2026-03-03", minutes: 0 }))).toBe("2026-03-03 00:45");
    expect(local(dueAfterDrop(t, { date: "2026-03-03", minutes: 23 * 60 }))).toBe("2026-03-03 23:45");
  });

  it("all-day tasks stay all-day on a day cell and become timed on the slot's full hour", () => {
    useZone("Europe/Belgrade");
    const t = task("2026-03-03", true);
    expect(dueAfterDrop(t, { date: "2026-03-10" })).toBe("2026-03-10");
    expect(local(dueAfterDrop(t, { date: "2026-03-10", minutes: 9 * 60 }))).toBe("2026-03-10 09:00");
  });

  it("keeps the wall-clock time across a daylight-saving change (the UTC hour shifts)", () => {
    useZone("Europe/Belgrade");
    const summer = task("2026-10-23T08:00:00.000Z"); // Fri 10:00 CEST (+2)
    const winter = dueAfterDrop(summer, { date: "2026-10-26" }); // Mon, CET (+1)
    expect(local(winter)).toBe("2026-10-26 10:00");
    expect(winter).toBe("2026-10-26T09:00:00.000Z");
    const spring = dueAfterDrop(task("2026-03-27T09:00:00.000Z"), { date: "2026-03-30", minutes: 600 });
    expect(spring).toBe("2026-03-30T08:00:00.000Z"); // 10:00 CEST
  });

  it("works on the local day even when it differs from the UTC day (east and west of Greenwich)", () => {
    useZone("Asia/Almaty"); // UTC+5
    const early = task("2026-03-02T21:30:00.000Z"); // 02:30 on 3 March in Almaty, still 2 March in UTC
    expect(byDay([early]).has("2026-03-03")).toBe(true);
    expect(slotOf(early)).toBe(2 * 60);
    const moved = dueAfterDrop(early, { date: "2026-03-04" });
    expect(local(moved)).toBe("2026-03-04 02:30");
    expect(moved).toBe("2026-03-03T21:30:00.000Z");

    useZone("America/New_York"); // UTC-5 in March before the 8th
    const late = task("2026-03-03T03:15:00.000Z"); // 22:15 on 2 March in New York
    expect(byDay([late]).has("2026-03-02")).toBe(true);
    expect(local(dueAfterDrop(late, { date: "2026-03-05" }))).toBe("2026-03-05 22:15");
    // An all-day date is a calendar day everywhere: it never slips to the previous day west of Greenwich.
    expect(dueAfterDrop(task("2026-03-02", true), { date: "2026-03-06" })).toBe("2026-03-06");
    expect(byDay([task("2026-03-02", true)]).has("2026-03-02")).toBe(true);
  });

  it("returns null for an unscheduled task or a malformed date", () => {
    expect(dueAfterDrop(task(null), { date: "2026-03-05" })).toBeNull();
    expect(dueAfterDrop(task("2026-03-03T09:00:00.000Z"), { date: "05.03.2026" })).toBeNull();
  });
});

describe("byDay", () => {
  it("groups by local day, all-day first, then by time", () => {
    useZone("Europe/Belgrade");
    const groups = byDay([
      task("2026-03-03T15:00:00.000Z", false, "late"),
      task("2026-03-03T07:00:00.000Z", false, "early"),
      task("2026-03-03", true, "allday"),
      task(null, false, "undated"),
    ]);
    expect(groups.get("2026-03-03")?.map((t) => t.id)).toEqual(["allday", "early", "late"]);
    expect([...groups.keys()]).toEqual(["2026-03-03"]);
  });
});
