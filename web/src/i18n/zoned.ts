/**
 * Wall-clock time in a named time zone (the user's profile zone), independent of the browser's zone. Only
 * the time zone database is taken from Intl (with the `en-US` locale every engine has); names and formats are
 * the app's own (`localeData.ts`).
 */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall time of an instant in `timeZone` (the browser's zone when none is given). */
export function wallTime(date: Date, timeZone?: string): WallTime {
  if (!timeZone) {
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
      weekday: date.getDay(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of partFormat(timeZone).formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** Milliseconds `timeZone` is ahead of UTC at `date`. */
function offsetAt(date: Date, timeZone: string): number {
  const w = wallTime(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given time (the browser's zone when none is
 * given). A time skipped by a daylight-saving jump moves forward by the jump; a repeated one takes the first.
 */
export function instantOf(
  w: Pick<WallTime, "year" | "month" | "day" | "hour" | "minute">,
  timeZone?: string,
): Date {
  if (!timeZone) return new Date(w.year, w.month - 1, w.day, w.hour, w.minute);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const before = offsetAt(new Date(asUtc), timeZone);
  const guess = asUtc - before;
  const after = offsetAt(new Date(guess), timeZone);
  return new Date(before === after ? guess : asUtc - after);
}
