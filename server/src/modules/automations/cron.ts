import cronParser from "cron-parser";
import type { FieldError } from "../../platform/errors.js";

/** Rules may not fire more often than this. */
export const MIN_CRON_INTERVAL_MS = 5 * 60_000;

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a cron expression that does not parse, uses seconds, or fires twice within 5 minutes anywhere in
 * the next 400 occurrences (a sample wide enough to catch `*∕2` minutes or hours lists with close values).
 */
export function checkCron(cron: string, tz: string, path: string): FieldError[] {
  if (!validTimeZone(tz))
    return [{ field: `${path}.timeZone`, message: "Unknown time zone.", code: "invalid_time_zone" }];
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) {
    return [
      {
        field: `${path}.cron`,
        message: "A cron expression has 5 fields (minute hour day month weekday).",
        code: "invalid_cron",
      },
    ];
  }
  let it: ReturnType<typeof cronParser.parseExpression>;
  try {
    // The spacing check runs in UTC: cron-parser is ~100× slower with a zone, and spacing is the same but for DST edges.
    it = cronParser.parseExpression(cron, { utc: true, currentDate: new Date("2026-01-01T00:00:00Z") });
    cronParser.parseExpression(cron, { tz });
  } catch (e) {
    return [
      {
        field: `${path}.cron`,
        message: `Invalid cron expression: ${(e as Error).message}`,
        code: "invalid_cron",
      },
    ];
  }
  let prev: number | null = null;
  for (let i = 0; i < 400; i++) {
    let next: number;
    try {
      next = (it.next() as { getTime(): number }).getTime();
    } catch {
      break;
    }
    if (prev !== null && next - prev < MIN_CRON_INTERVAL_MS) {
      return [
        {
          field: `${path}.cron`,
          message: "A schedule may fire at most every 5 minutes.",
          code: "cron_too_frequent",
        },
      ];
    }
    prev = next;
  }
  return [];
}

/** Occurrences in (after, until], oldest first (at most `limit`). */
export function occurrences(cron: string, tz: string, after: Date, until: Date, limit = 10): Date[] {
  const it = cronParser.parseExpression(cron, { tz, currentDate: after, endDate: until });
  const out: Date[] = [];
  while (out.length < limit) {
    try {
      const d = (it.next() as { toDate(): Date }).toDate();
      if (d > until) break;
      out.push(d);
    } catch {
      break;
    }
  }
  return out;
}
