import { type BusinessCalendar, DEFAULT_CALENDAR, hoursOn } from "./calendar.js";

/**
 * Business time for "due in N business hours", "wait 3 business days", "until business hours" and response
 * times: the working hours of a `BusinessCalendar` (weekdays, holidays, moved working days) in a time zone —
 * the calendar's own, else the caller's (a rule owner's, a lead owner's).
 */

interface Local {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(tz, f);
  }
  return f;
}
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function localParts(at: Date, tz: string): Local & { s: number } {
  const parts = Object.fromEntries(
    fmt(tz)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    min: Number(parts.minute),
    s: Number(parts.second),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** The instant a wall-clock time in `tz` denotes (the earlier one in a DST overlap). */
export function zonedInstant(y: number, m: number, d: number, h: number, min: number, tz: string): Date {
  const guess = Date.UTC(y, m - 1, d, h, min);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(t), tz);
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    t = t + (guess - asUtc);
  }
  return new Date(t);
}

const dayKey = (p: Local) => `${p.y}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;

/** The working window of a local day, or null on a day off. */
function dayWindow(p: Local, tz: string, cal: BusinessCalendar): { open: Date; close: Date } | null {
  const hours = hoursOn(cal, dayKey(p), p.weekday === 0 ? 7 : p.weekday);
  if (!hours) return null;
  return {
    open: zonedInstant(p.y, p.m, p.d, Math.floor(hours.start / 60), hours.start % 60, tz),
    close: zonedInstant(p.y, p.m, p.d, Math.floor(hours.end / 60), hours.end % 60, tz),
  };
}

/** The next local calendar day (noon avoids DST edges). */
function nextDay(p: Local, tz: string): Local {
  const noon = zonedInstant(p.y, p.m, p.d, 12, 0, tz);
  return localParts(new Date(noon.getTime() + 86_400_000), tz);
}

/** Long enough for any real calendar (a fortnight of holidays); a calendar with no working day gives up. */
const SEARCH_DAYS = 400;

const zoneOf = (cal: BusinessCalendar, tz: string) => cal.timeZone ?? tz;

/** `at` when it falls in business hours, else the next opening. */
export function nextBusinessMoment(at: Date, tz: string, cal: BusinessCalendar = DEFAULT_CALENDAR): Date {
  const zone = zoneOf(cal, tz);
  let p: Local = localParts(at, zone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const w = dayWindow(p, zone, cal);
    if (w && at < w.close) return at < w.open ? w.open : at;
    p = nextDay(p, zone);
  }
  return at;
}

export function addBusinessHours(
  start: Date,
  hours: number,
  tz: string,
  cal: BusinessCalendar = DEFAULT_CALENDAR,
): Date {
  const zone = zoneOf(cal, tz);
  let remaining = hours * 3_600_000;
  let t = nextBusinessMoment(start, zone, cal);
  for (let i = 0; i < 100_000; i++) {
    const w = dayWindow(localParts(t, zone), zone, cal);
    if (!w) return t;
    const available = w.close.getTime() - t.getTime();
    if (remaining <= available) return new Date(t.getTime() + remaining);
    remaining -= available;
    t = nextBusinessMoment(new Date(w.close.getTime() + 1000), zone, cal);
  }
  return t;
}

/**
 * N working days later at the same point of the working day (holidays and days off skipped; on a shorter day
 * the point is capped at its close). From outside business hours it counts from the next opening.
 */
export function addBusinessDays(
  start: Date,
  days: number,
  tz: string,
  cal: BusinessCalendar = DEFAULT_CALENDAR,
): Date {
  const zone = zoneOf(cal, tz);
  const t = nextBusinessMoment(start, zone, cal);
  let p: Local = localParts(t, zone);
  const first = dayWindow(p, zone, cal);
  if (!first) return t;
  const into = t.getTime() - first.open.getTime();
  let left = days;
  for (let i = 0; left > 0 && i < SEARCH_DAYS * Math.max(1, days); i++) {
    p = nextDay(p, zone);
    const w = dayWindow(p, zone, cal);
    if (!w) continue;
    left -= 1;
    if (left === 0) return new Date(Math.min(w.open.getTime() + into, w.close.getTime()));
  }
  return t;
}

/** Working seconds between two instants (0 when `to` is not after `from`). */
export function businessSeconds(
  from: Date,
  to: Date,
  tz: string,
  cal: BusinessCalendar = DEFAULT_CALENDAR,
): number {
  const zone = zoneOf(cal, tz);
  let total = 0;
  let p: Local = localParts(from, zone);
  for (let i = 0; i < 100_000; i++) {
    const w = dayWindow(p, zone, cal);
    if (w) {
      const a = Math.max(from.getTime(), w.open.getTime());
      const b = Math.min(to.getTime(), w.close.getTime());
      if (b > a) total += b - a;
    }
    const noon = zonedInstant(p.y, p.m, p.d, 12, 0, zone);
    if (noon.getTime() - 12 * 3_600_000 > to.getTime()) break;
    p = nextDay(p, zone);
  }
  return total / 1000;
}

export function addDuration(
  start: Date,
  amount: number,
  unit: string,
  tz: string,
  cal: BusinessCalendar = DEFAULT_CALENDAR,
): Date {
  switch (unit) {
    case "minutes":
      return new Date(start.getTime() + amount * 60_000);
    case "hours":
      return new Date(start.getTime() + amount * 3_600_000);
    case "days":
      return new Date(start.getTime() + amount * 86_400_000);
    case "businessHours":
      return addBusinessHours(start, amount, tz, cal);
    case "businessDays":
      return addBusinessDays(start, amount, tz, cal);
    default:
      throw new Error(`Unknown duration unit ${unit}`);
  }
}
