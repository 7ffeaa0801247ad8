import type { Selectable, Transaction } from "kysely";
import { z } from "zod";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { getDashboard } from "./dashboards-service.js";
import type { Db } from "./repository.js";
import { isTimeZone, nextRun, usersByIds } from "./schedules-repository.js";
import { getReport } from "./service.js";
import { assertCanChange } from "./share.js";
import type { ReportSchedulesTable } from "./tables.js";

type Trx = Transaction<DB>;
type Row = Selectable<ReportSchedulesTable>;

const cadence = {
  frequency: z.enum(["daily", "weekly", "monthly"]),
  dayOfWeek: z.int().min(1).max(7).nullable().optional().describe("Weekly: ISO day, Monday = 1."),
  dayOfMonth: z.int().min(1).max(28).nullable().optional().describe("Monthly: day 1–28."),
  hour: z.int().min(0).max(23).default(8),
  timeZone: z.string().min(1).max(64).optional().describe("IANA zone; default the caller's."),
  format: z.enum(["pdf", "xlsx"]),
  recipients: z
    .array(z.uuid())
    .min(1)
    .max(50)
    .describe("Users; each gets the report computed with their own permissions."),
};
export const createScheduleBody = z.strictObject({
  reportId: z.uuid().optional(),
  dashboardId: z.uuid().optional(),
  ...cadence,
});
export const updateScheduleBody = z.strictObject({
  frequency: cadence.frequency.optional(),
  dayOfWeek: cadence.dayOfWeek,
  dayOfMonth: cadence.dayOfMonth,
  hour: z.int().min(0).max(23).optional(),
  timeZone: cadence.timeZone,
  format: cadence.format.optional(),
  recipients: cadence.recipients.optional(),
  active: z.boolean().optional().describe("Resume (true) or pause (false)."),
});
export const scheduleSchema = z
  .object({
    id: z.uuid(),
    reportId: z.uuid().nullable(),
    dashboardId: z.uuid().nullable(),
    ownerId: z.uuid(),
    frequency: z.enum(["daily", "weekly", "monthly"]),
    dayOfWeek: z.number().nullable(),
    dayOfMonth: z.number().nullable(),
    hour: z.number(),
    timeZone: z.string(),
    format: z.enum(["pdf", "xlsx"]),
    recipients: z.array(z.uuid()),
    active: z.boolean(),
    pausedReason: z.string().nullable(),
    nextRunAt: z.string(),
    lastRunAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: "ReportSchedule" });
type CreateInput = z.infer<typeof createScheduleBody>;
type UpdateInput = z.infer<typeof updateScheduleBody>;

export const presentSchedule = (r: Row) => ({
  id: r.id,
  reportId: r.report_id,
  dashboardId: r.dashboard_id,
  ownerId: r.owner_id,
  frequency: r.frequency as "daily" | "weekly" | "monthly",
  dayOfWeek: r.day_of_week,
  dayOfMonth: r.day_of_month,
  hour: r.hour,
  timeZone: r.time_zone,
  format: r.format as "pdf" | "xlsx",
  recipients: r.recipients,
  active: r.active,
  pausedReason: r.paused_reason,
  nextRunAt: r.next_run_at.toISOString(),
  lastRunAt: r.last_run_at?.toISOString() ?? null,
  lastError: r.last_error,
});

const audit = (r: Row) => ({
  frequency: r.frequency,
  format: r.format,
  recipients: r.recipients,
  active: r.active,
  hour: r.hour,
  timeZone: r.time_zone,
  dayOfWeek: r.day_of_week,
  dayOfMonth: r.day_of_month,
});

function visible(db: Db, actor: Actor) {
  // The owner's schedules, and those sending to the caller (to see what arrives; only the owner changes them).
  return db
    .selectFrom("report_schedules as s")
    .selectAll("s")
    .where((eb) =>
      eb.or([eb("s.owner_id", "=", actor.userId), eb(eb.val(actor.userId), "=", eb.fn.any("s.recipients"))]),
    );
}

export async function listSchedules(db: Db, actor: Actor, filter: { reportId?: string | undefined }) {
  let q = visible(db, actor).orderBy("s.created_at").limit(500);
  if (filter.reportId) q = q.where("s.report_id", "=", filter.reportId);
  return (await q.execute()).map(presentSchedule);
}

async function checkCadence(
  db: Db,
  actor: Actor,
  c: {
    frequency: string;
    dayOfWeek?: number | null;
    dayOfMonth?: number | null;
    timeZone: string;
    recipients: string[];
  },
) {
  const errors = [];
  if (c.frequency === "weekly" && !c.dayOfWeek)
    errors.push({ field: "dayOfWeek", message: "Choose a day of the week.", code: "required" });
  if (c.frequency === "monthly" && !c.dayOfMonth)
    errors.push({ field: "dayOfMonth", message: "Choose a day of the month.", code: "required" });
  if (!(await isTimeZone(db, c.timeZone)))
    errors.push({ field: "timeZone", message: "Unknown time zone.", code: "invalid_time_zone" });
  const users = await usersByIds(db, [...new Set(c.recipients)]);
  const active = new Set(users.filter((u) => u.is_active).map((u) => u.id));
  c.recipients.forEach((id, i) => {
    if (!active.has(id))
      errors.push({ field: `recipients.${i}`, message: "Not an active user.", code: "unknown_user" });
  });
  // Anyone may send to themselves and their team; other people only with users.manage (administrators).
  const admin = actor.adminPermissions.has("*") || actor.adminPermissions.has("users.manage");
  c.recipients.forEach((id, i) => {
    const u = users.find((x) => x.id === id);
    const mate = u && (u.id === actor.userId || (actor.teamId !== null && u.team_id === actor.teamId));
    if (u && active.has(id) && !mate && !admin) {
      errors.push({
        field: `recipients.${i}`,
        message: "You may send reports to yourself and your team.",
        code: "permission_denied",
      });
    }
  });
  if (errors.length > 0) throw new ValidationError(errors);
}

async function callerZone(db: Db, actor: Actor): Promise<string> {
  const u = await db
    .selectFrom("users")
    .select("time_zone")
    .where("id", "=", actor.userId)
    .executeTakeFirst();
  return u?.time_zone ?? "UTC";
}

export async function createSchedule(trx: Trx, ctx: RequestContext, input: CreateInput) {
  if ((input.reportId ? 1 : 0) + (input.dashboardId ? 1 : 0) !== 1) {
    throw ValidationError.field("reportId", "Schedule either a report or a dashboard.", "required");
  }
  // The caller must see what they schedule (404 otherwise).
  if (input.reportId) await getReport(trx, ctx.actor, input.reportId);
  if (input.dashboardId) await getDashboard(trx, ctx.actor, input.dashboardId);
  const timeZone = input.timeZone ?? (await callerZone(trx, ctx.actor));
  const c = { ...input, timeZone, dayOfWeek: input.dayOfWeek ?? null, dayOfMonth: input.dayOfMonth ?? null };
  await checkCadence(trx, ctx.actor, c);
  const row = await trx
    .insertInto("report_schedules")
    .values({
      report_id: input.reportId ?? null,
      dashboard_id: input.dashboardId ?? null,
      owner_id: ctx.actor.userId,
      frequency: input.frequency,
      day_of_week: input.frequency === "weekly" ? c.dayOfWeek : null,
      day_of_month: input.frequency === "monthly" ? c.dayOfMonth : null,
      hour: input.hour,
      time_zone: timeZone,
      format: input.format,
      recipients: [...new Set(input.recipients)],
      next_run_at: await nextRun(trx, c),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: "report_schedules", entityId: row.id, action: "create", changes: diff({}, audit(row)) },
  );
  return presentSchedule(row);
}

async function lockOwned(trx: Trx, actor: Actor, id: string): Promise<Row> {
  const row = await visible(trx, actor).where("s.id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError("Schedule");
  assertCanChange(actor, row.owner_id, "schedule");
  return row;
}

export async function updateSchedule(trx: Trx, ctx: RequestContext, id: string, input: UpdateInput) {
  const before = await lockOwned(trx, ctx.actor, id);
  const c = {
    frequency: input.frequency ?? before.frequency,
    dayOfWeek: input.dayOfWeek !== undefined ? input.dayOfWeek : before.day_of_week,
    dayOfMonth: input.dayOfMonth !== undefined ? input.dayOfMonth : before.day_of_month,
    hour: input.hour ?? before.hour,
    timeZone: input.timeZone ?? before.time_zone,
    recipients: input.recipients ?? before.recipients,
  } as const;
  await checkCadence(trx, ctx.actor, c);
  const active = input.active ?? before.active;
  const after = await trx
    .updateTable("report_schedules")
    .set({
      frequency: c.frequency,
      day_of_week: c.frequency === "weekly" ? c.dayOfWeek : null,
      day_of_month: c.frequency === "monthly" ? c.dayOfMonth : null,
      hour: c.hour,
      time_zone: c.timeZone,
      recipients: [...new Set(c.recipients)],
      ...(input.format ? { format: input.format } : {}),
      active,
      paused_reason: active ? null : (before.paused_reason ?? "paused_by_owner"),
      next_run_at: await nextRun(trx, c as Parameters<typeof nextRun>[1]),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const changes = diff(audit(before), audit(after));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: ctx.actor.userId, requestId: ctx.requestId },
      { entity: "report_schedules", entityId: id, action: "update", changes },
    );
  }
  return presentSchedule(after);
}

export async function deleteSchedule(trx: Trx, ctx: RequestContext, id: string) {
  const row = await lockOwned(trx, ctx.actor, id);
  await trx.deleteFrom("report_schedules").where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: "report_schedules", entityId: id, action: "delete", changes: { frequency: row.frequency } },
  );
}
