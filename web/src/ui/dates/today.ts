import { wallTime } from "../../i18n/zoned";

const pad = (n: number) => String(n).padStart(2, "0");

/** Today as `YYYY-MM-DD` in `timeZone` (the profile's; the browser's when none is given). */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  const w = wallTime(now, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}
