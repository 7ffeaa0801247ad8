import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/** Working hours of one day, minutes after local midnight (`end` may be 1440). */
export interface DayHours {
  start: number;
  end: number;
}

export type CalendarDateKind = "holiday" | "workday";

export interface CalendarDate {
  /** `YYYY-MM-DD`. */
  day: string;
  kind: CalendarDateKind;
  name: string | null;
  /** A working day's own hours (a shortened pre-holiday day); null: the weekday's hours, else the week's widest. */
  hours: DayHours | null;
}

/**
 * The workspace's business calendar: hours per ISO weekday (1 = Monday; absent = day off), dated exceptions
 * (holidays, working days moved onto a weekend) and the zone it is kept in (null: each person's own zone).
 * `configured` is false until an administrator has saved it (analytics then shows calendar time only).
 */
export interface BusinessCalendar {
  configured: boolean;
  timeZone: string | null;
  week: Partial<Record<number, DayHours>>;
  dates: Map<string, CalendarDate>;
}

/** Mon–Fri 09:00–18:00: the week a workspace starts with (and the migration seeds). */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  configured: false,
  timeZone: null,
  week: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, { start: 9 * 60, end: 18 * 60 }])),
  dates: new Map(),
};

export const minutesOf = (time: string): number => {
  const [h = "0", m = "0"] = time.split(":");
  return Number(h) * 60 + Number(m);
};

export const timeOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const hoursOf = (start: string | null, end: string | null): DayHours | null =>
  start && end ? { start: minutesOf(start), end: minutesOf(end) } : null;

/** Whether an administrator has set the calendar up (analytics then also shows business-hours durations). */
export async function businessCalendarConfigured(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom("business_calendar").select("id").where("id", "=", 1).executeTakeFirst());
}

/** The calendar as stored (three small tables; read per use, so an administrator's change applies at once). */
export async function loadBusinessCalendar(db: Kysely<DB>): Promise<BusinessCalendar> {
  const [head, week, dates] = await Promise.all([
    db.selectFrom("business_calendar").select("time_zone").where("id", "=", 1).executeTakeFirst(),
    db.selectFrom("business_calendar_week").select(["weekday", "start_time", "end_time"]).execute(),
    db
      .selectFrom("business_calendar_dates")
      .select(["day", "kind", "name", "start_time", "end_time"])
      .orderBy("day")
      .execute(),
  ]);
  return {
    configured: !!head,
    timeZone: head?.time_zone ?? null,
    week: Object.fromEntries(
      week.map((w) => [w.weekday, { start: minutesOf(w.start_time), end: minutesOf(w.end_time) }]),
    ),
    dates: new Map(
      dates.map((d) => {
        const day = isoDay(d.day);
        return [
          day,
          { day, kind: d.kind as CalendarDateKind, name: d.name, hours: hoursOf(d.start_time, d.end_time) },
        ];
      }),
    ),
  };
}

function isoDay(value: Date | string): string {
  if (typeof value === "string") return value.slice(0, 10);
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, "0")}-${String(value.getDate()).padStart(2, "0")}`;
}

/** The hours of a local day (`weekday` ISO 1–7), or null when it is a day off. */
export function hoursOn(cal: BusinessCalendar, day: string, weekday: number): DayHours | null {
  const exception = cal.dates.get(day);
  if (exception?.kind === "holiday") return null;
  const usual = cal.week[weekday] ?? null;
  if (exception?.kind === "workday") return exception.hours ?? usual ?? widestHours(cal);
  return usual;
}

function widestHours(cal: BusinessCalendar): DayHours {
  const days = Object.values(cal.week).filter((h): h is DayHours => !!h);
  if (days.length === 0) return { start: 9 * 60, end: 18 * 60 };
  return { start: Math.min(...days.map((d) => d.start)), end: Math.max(...days.map((d) => d.end)) };
}
