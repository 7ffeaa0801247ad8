import { instantOf, wallTime } from "../../i18n/zoned";

/**
 * Calendar arithmetic on local wall-clock dates. Days are added with the Date constructor's calendar fields
 * (never by adding 24 h of milliseconds), so 10:00 stays 10:00 across daylight-saving changes.
 */

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

interface WeekInfo {
  firstDay: number;
}
type LocaleWithWeekInfo = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/** First day of the week for a BCP 47 locale (CLDR via Intl.Locale; Monday when unknown, Sunday for US). */
export function firstDayOfWeek(locale: string): IsoWeekday {
  try {
    const tag = new Intl.Locale(locale).maximize() as LocaleWithWeekInfo;
    const info = typeof tag.getWeekInfo === "function" ? tag.getWeekInfo() : tag.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay as IsoWeekday;
    return tag.region === "US" || tag.region === "CA" ? 7 : 1;
  } catch {
    return 1;
  }
}

export const startOfDay = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate());

export function addDays(date: Date, days: number): Date {
  return new Date(
    date.getFullYear(),
    date.getMonth(),
    date.getDate() + days,
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
    date.getMilliseconds(),
  );
}

/** Same day of month in another month, clamped (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(date.getFullYear(), date.getMonth() + months, 1);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  return new Date(target.getFullYear(), target.getMonth(), Math.min(date.getDate(), lastDay));
}

const isoWeekday = (date: Date): IsoWeekday => (date.getDay() || 7) as IsoWeekday;

export function startOfWeek(date: Date, firstDay: IsoWeekday): Date {
  const back = (isoWeekday(date) - firstDay + 7) % 7;
  return addDays(startOfDay(date), -back);
}

export const startOfMonth = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), 1);

export function isSameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** The 7 days of the week containing `date`. */
export function weekDays(date: Date, firstDay: IsoWeekday): Date[] {
  const start = startOfWeek(date, firstDay);
  return Array.from({ length: 7 }, (_, index) => addDays(start, index));
}

/** Whole weeks covering the month of `date` (4–6 rows of 7 days). */
export function monthGrid(date: Date, firstDay: IsoWeekday): Date[][] {
  const first = startOfMonth(date);
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0);
  const weeks: Date[][] = [];
  for (let start = startOfWeek(first, firstDay); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, index) => addDays(start, index)));
  }
  return weeks;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** `YYYY-MM-DD` of the local calendar day. */
export const toIsoDate = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** Parses `YYYY-MM-DD` as a local day (not UTC midnight, which would be the previous day west of Greenwich). */
export function fromIsoDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/**
 * A task's due value (date or date-time) as a local Date whose fields are its wall time in `timeZone` (the
 * user's profile zone; the browser's when none), so the calendar's local-date arithmetic lays it out where
 * the user planned it. All-day dates are local midnight.
 */
export function parseDue(value: string, timeZone?: string): Date {
  const day = fromIsoDate(value);
  if (day) return day;
  const instant = new Date(value);
  if (!timeZone || Number.isNaN(instant.getTime())) return instant;
  const w = wallTime(instant, timeZone);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Today in `timeZone` (the user's profile zone), as local midnight like every calendar day here. */
export const todayIn = (timeZone?: string, now: Date = new Date()): Date =>
  startOfDay(parseDue(now.toISOString(), timeZone));

/** The instant at which the wall clock in `timeZone` shows the local fields of `local` (inverse of parseDue). */
export function wallToInstant(local: Date, timeZone?: string): Date {
  if (!timeZone) return local;
  return instantOf(
    {
      year: local.getFullYear(),
      month: local.getMonth() + 1,
      day: local.getDate(),
      hour: local.getHours(),
      minute: local.getMinutes(),
    },
    timeZone,
  );
}

/** `day` with the wall-clock time of `time` (or `minutes` after midnight when given). */
export function atTimeOf(day: Date, time: Date, minutes?: number): Date {
  if (minutes !== undefined) {
    return new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minutes / 60), minutes % 60);
  }
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), time.getHours(), time.getMinutes());
}

/** The range [from, to) a calendar view shows. */
export function visibleRange(view: "day" | "week" | "month", anchor: Date, firstDay: IsoWeekday) {
  if (view === "day") return { from: startOfDay(anchor), to: addDays(startOfDay(anchor), 1) };
  if (view === "week") {
    const from = startOfWeek(anchor, firstDay);
    return { from, to: addDays(from, 7) };
  }
  const grid = monthGrid(anchor, firstDay);
  const from = grid[0]?.[0] ?? startOfMonth(anchor);
  return { from, to: addDays(grid.at(-1)?.[6] ?? from, 1) };
}
