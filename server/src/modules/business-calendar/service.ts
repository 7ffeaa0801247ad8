import type { Kysely } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import { loadBusinessCalendar, timeOf } from "../../platform/calendar/calendar.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { deleteDate, saveDates, saveWeek } from "./repository.js";
import type { Calendar, DatesBody, WeekBody } from "./schemas.js";

/** The calendar as the API answers it (optionally one year's dates). */
export async function getCalendar(db: Kysely<DB>, year?: number): Promise<Calendar> {
  const cal = await loadBusinessCalendar(db);
  const hours = (h: { start: number; end: number } | null) =>
    h ? { start: timeOf(h.start), end: timeOf(h.end) } : { start: null, end: null };
  return {
    configured: cal.configured,
    timeZone: cal.timeZone,
    week: Object.entries(cal.week)
      .filter((e): e is [string, { start: number; end: number }] => !!e[1])
      .map(([weekday, h]) => ({ weekday: Number(weekday), start: timeOf(h.start), end: timeOf(h.end) }))
      .sort((a, b) => a.weekday - b.weekday),
    dates: [...cal.dates.values()]
      .filter((d) => year === undefined || d.day.startsWith(`${year}-`))
      .map((d) => ({ day: d.day, kind: d.kind, name: d.name, ...hours(d.hours) })),
  };
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkWeek(input: WeekBody): void {
  const errors: FieldError[] = [];
  if (input.timeZone !== null && !validZone(input.timeZone))
    errors.push({ field: "timeZone", message: "Unknown time zone.", code: "invalid_time_zone" });
  const seen = new Set<number>();
  input.week.forEach((w, i) => {
    if (seen.has(w.weekday))
      errors.push({
        field: `week.${i}.weekday`,
        message: "This weekday is listed twice.",
        code: "duplicate",
      });
    seen.add(w.weekday);
    if (minutes(w.end) <= minutes(w.start))
      errors.push({
        field: `week.${i}.end`,
        message: "The end must be after the start.",
        code: "end_before_start",
      });
  });
  if (errors.length) throw new ValidationError(errors);
}

function checkDates(input: DatesBody): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.dates.forEach((d, i) => {
    if (seen.has(d.day))
      errors.push({ field: `dates.${i}.day`, message: "This date is listed twice.", code: "duplicate" });
    seen.add(d.day);
    if ((d.start === null) !== (d.end === null))
      errors.push({ field: `dates.${i}.end`, message: "Give both the start and the end.", code: "required" });
    if (d.start && d.end && minutes(d.end) <= minutes(d.start))
      errors.push({
        field: `dates.${i}.end`,
        message: "The end must be after the start.",
        code: "end_before_start",
      });
    if (d.kind === "holiday" && d.start)
      errors.push({ field: `dates.${i}.start`, message: "A holiday has no hours.", code: "holiday_hours" });
  });
  if (errors.length) throw new ValidationError(errors);
}

function audit(trx: Kysely<DB>, ctx: RequestContext, action: string, changes: Record<string, unknown>) {
  return writeAudit(trx, {
    action,
    actorId: ctx.actor.userId,
    entity: "business_calendar",
    changes,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  });
}

export async function updateWeek(db: Database, ctx: RequestContext, input: WeekBody): Promise<Calendar> {
  checkWeek(input);
  return db.transaction().execute(async (trx) => {
    const before = await getCalendar(trx, 0);
    await saveWeek(trx, input);
    await audit(trx, ctx, "settings.business-calendar.week.updated", {
      before: { timeZone: before.timeZone, week: before.week },
      after: input,
    });
    return getCalendar(trx);
  });
}

export async function upsertDates(db: Database, ctx: RequestContext, input: DatesBody): Promise<Calendar> {
  checkDates(input);
  return db.transaction().execute(async (trx) => {
    await saveDates(trx, input);
    await audit(trx, ctx, "settings.business-calendar.dates.saved", {
      replaceYears: input.replaceYears,
      dates: input.dates,
    });
    return getCalendar(trx);
  });
}

export async function removeDate(db: Database, ctx: RequestContext, day: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await deleteDate(trx, day))) throw new NotFoundError("Calendar date");
    await audit(trx, ctx, "settings.business-calendar.date.deleted", { day });
  });
}
