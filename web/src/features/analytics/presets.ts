import { wallTime } from "../../i18n/zoned";

export const PRESETS = ["thisMonth", "lastMonth", "thisQuarter", "thisYear", "last90"] as const;
export type Preset = (typeof PRESETS)[number];

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** A preset period as inclusive dates, counted from today in the user's time zone. */
export function presetRange(
  preset: Preset,
  timeZone?: string,
  now = new Date(),
): { from: string; to: string } {
  const w = wallTime(now, timeZone);
  const today = iso(w.year, w.month, w.day);
  switch (preset) {
    case "thisMonth":
      return { from: iso(w.year, w.month, 1), to: today };
    case "lastMonth":
      return { from: iso(w.year, w.month - 1, 1), to: iso(w.year, w.month, 0) };
    case "thisQuarter":
      return { from: iso(w.year, Math.floor((w.month - 1) / 3) * 3 + 1, 1), to: today };
    case "thisYear":
      return { from: iso(w.year, 1, 1), to: today };
    default:
      return { from: iso(w.year, w.month, w.day - 89), to: today };
  }
}
