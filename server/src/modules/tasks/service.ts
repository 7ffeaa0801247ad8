import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable } from "../../platform/access/fields.js";
import { canActOnOwner, requireAnyScope } from "../../platform/access/scope.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { assertReadableLinks, type RecordLink, readableRecordIds } from "../../platform/records/links.js";
import { isActiveUser, teamOf } from "../../platform/records/users.js";
import { validateCustom } from "../custom-fields/module.js";
import { assertMeetingScheduled } from "./meeting-rules.js";
import { presentTask, snapshot } from "./present.js";
import { scheduleReminders } from "./reminders.js";
import {
  addLinks,
  type Db,
  dueColumns,
  findTask,
  isKnownTaskType,
  linksOf,
  replaceLinks,
  type TaskRow,
  userTimeZone,
} from "./repository.js";
import {
  BUILTIN_TASK_TYPES,
  type TaskCreateInput,
  type TaskResponse,
  type TaskUpdateInput,
} from "./schemas.js";
import type { TaskParticipant } from "./tables.js";

type Trx = Transaction<DB>;

const changeCtx = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });

export async function getTask(db: Db, ctx: RequestContext, id: string): Promise<TaskResponse> {
  // Independent reads, concurrent on the pool; the links are only used when the task is readable.
  const [t, links] = await Promise.all([findTask(db, ctx.actor, id, "read"), linksOf(db, [id])]);
  if (!t) throw new NotFoundError("Task");
  return presentTask(ctx.actor, t, links.get(id) ?? []);
}

async function assertOwner(trx: Trx, ctx: RequestContext, ownerId: string, action: "create" | "assign") {
  if (!(await isActiveUser(trx, ownerId))) {
    throw ValidationError.field("body.ownerId", "No active user with this id.", "unknown_user");
  }
  if (!(await canActOnOwner(ctx.actor, "tasks", action, ownerId, (u) => teamOf(trx, u)))) {
    throw ValidationError.field("body.ownerId", "You may not give tasks to this user.", "owner_out_of_scope");
  }
}

async function assertType(trx: Trx, type: string) {
  if (!(await isKnownTaskType(trx, type, BUILTIN_TASK_TYPES))) {
    throw ValidationError.field("body.type", "Unknown task type.", "unknown_task_type");
  }
}

async function assertParticipants(trx: Trx, ctx: RequestContext, list: TaskParticipant[]) {
  const contacts = list.flatMap((p) => (p.contactId ? [p.contactId] : []));
  const readable = await readableRecordIds(trx, ctx.actor, "contacts", contacts);
  const missing = contacts.find((c) => !readable.has(c));
  if (missing)
    throw ValidationError.field("body.participants", `Contact ${missing} not found.`, "link_not_found");
  for (const p of list) {
    if (p.userId && !(await isActiveUser(trx, p.userId))) {
      throw ValidationError.field("body.participants", `User ${p.userId} not found.`, "unknown_user");
    }
  }
}

export async function createTask(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  input: TaskCreateInput,
): Promise<TaskResponse> {
  requireAnyScope(ctx.actor, "tasks", "create");
  assertWritable(ctx.actor, "tasks", input);
  const ownerId = input.ownerId ?? ctx.actor.userId;
  await assertOwner(trx, ctx, ownerId, "create");
  await assertType(trx, input.type);
  assertMeetingScheduled({
    type: input.type,
    dueAt: input.dueAt ?? null,
    durationMinutes: input.durationMinutes ?? null,
  });
  const links = await assertReadableLinks(trx, ctx.actor, input.links ?? []);
  await assertParticipants(trx, ctx, input.participants ?? []);
  const custom = await validateCustom(trx, "tasks", input.custom, { actor: ctx.actor });
  if (custom.errors.length > 0) throw new ValidationError(custom.errors);
  const tz = input.timeZone ?? (await userTimeZone(trx, ctx.actor.userId));
  const due = await dueColumns(trx, input.dueAt ?? null, tz);
  const t = await trx
    .insertInto("tasks")
    .values({
      title: input.title,
      description: input.description ?? "",
      type: input.type,
      priority: input.priority,
      ...due,
      duration_minutes: input.durationMinutes ?? null,
      reminders: input.reminders ?? [],
      location: input.location ?? null,
      participants: JSON.stringify(input.participants ?? []),
      custom: JSON.stringify(custom.custom),
      owner_id: ownerId,
      created_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addLinks(trx, t.id, links);
  await recordChange(trx, changeCtx(ctx), {
    entity: "tasks",
    entityId: t.id,
    action: "create",
    changes: diff({}, snapshot(t, links)),
  });
  await scheduleReminders(trx, jobs, t);
  return presentTask(ctx.actor, t, links);
}

/** Applies a change to a live task in scope; reschedules reminders when the due time or offsets changed. */
async function applyUpdate(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  before: TaskRow,
  patch: Partial<Omit<TaskRow, "id">>,
  links: RecordLink[] | undefined,
  action: "update" | "complete" | "reschedule" = "update",
): Promise<TaskResponse> {
  const beforeLinks = (await linksOf(trx, [before.id])).get(before.id) ?? [];
  const dueChanged =
    (patch.due_at !== undefined && patch.due_at?.getTime() !== before.due_at?.getTime()) ||
    (patch.due_date !== undefined && patch.due_date !== before.due_date) ||
    (patch.reminders !== undefined && patch.reminders.join(",") !== before.reminders.join(",")) ||
    (patch.status === "open" && before.status !== "open");
  const values = dueChanged
    ? { ...patch, due_version: before.due_version + 1, overdue_notified_at: null, escalated_at: null }
    : patch;
  const after = await patchRow(trx, "tasks", before.id, values);
  if (links) await replaceLinks(trx, before.id, links);
  const afterLinks = links ?? beforeLinks;
  const changes = diff(snapshot(before, beforeLinks), snapshot(after, afterLinks));
  if (Object.keys(changes).length > 0) {
    await recordChange(trx, changeCtx(ctx), { entity: "tasks", entityId: before.id, action, changes });
  }
  if (dueChanged) await scheduleReminders(trx, jobs, after);
  return presentTask(ctx.actor, after, afterLinks);
}

/** 404 when the actor cannot read the task, 403 when they can read it but may not `action` it. */
async function loadForWrite(trx: Trx, ctx: RequestContext, id: string, action: "update" | "delete") {
  const t = await findTask(trx, ctx.actor, id, "read", { forUpdate: true });
  if (!t) throw new NotFoundError("Task");
  if (!(await canActOnOwner(ctx.actor, "tasks", action, t.owner_id, (u) => teamOf(trx, u)))) {
    throw new ForbiddenError("permission_denied", `Your role may not ${action} this task.`);
  }
  return t;
}

export async function updateTask(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  id: string,
  input: TaskUpdateInput,
): Promise<TaskResponse> {
  const before = await loadForWrite(trx, ctx, id, "update");
  assertWritable(ctx.actor, "tasks", input);
  if (input.ownerId && input.ownerId !== before.owner_id)
    await assertOwner(trx, ctx, input.ownerId, "assign");
  if (input.type && input.type !== before.type) await assertType(trx, input.type);
  // Only a change of what schedules it is checked: older undated meetings stay editable otherwise.
  if (input.type !== undefined || input.dueAt !== undefined || input.durationMinutes !== undefined)
    assertMeetingScheduled({
      type: input.type ?? before.type,
      dueAt:
        input.dueAt !== undefined
          ? input.dueAt
          : before.all_day
            ? before.due_date
            : (before.due_at?.toISOString() ?? null),
      durationMinutes: input.durationMinutes !== undefined ? input.durationMinutes : before.duration_minutes,
    });
  const links = input.links ? await assertReadableLinks(trx, ctx.actor, input.links) : undefined;
  if (input.participants) await assertParticipants(trx, ctx, input.participants);
  const patch: Partial<Omit<TaskRow, "id">> = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.description !== undefined) patch.description = input.description;
  if (input.type !== undefined) patch.type = input.type;
  if (input.priority !== undefined) patch.priority = input.priority;
  if (input.durationMinutes !== undefined) patch.duration_minutes = input.durationMinutes;
  if (input.reminders !== undefined) patch.reminders = input.reminders;
  if (input.location !== undefined) patch.location = input.location;
  if (input.participants !== undefined) patch.participants = input.participants;
  if (input.ownerId !== undefined) patch.owner_id = input.ownerId;
  if (input.result !== undefined) patch.result = input.result;
  if (input.custom !== undefined) {
    const custom = await validateCustom(trx, "tasks", input.custom, {
      actor: ctx.actor,
      existing: before.custom,
      recordId: before.id,
    });
    if (custom.errors.length > 0) throw new ValidationError(custom.errors);
    patch.custom = JSON.stringify(custom.custom) as never;
  }
  if (input.dueAt !== undefined || input.timeZone !== undefined) {
    const current = before.all_day ? before.due_date : (before.due_at?.toISOString() ?? null);
    Object.assign(
      patch,
      await dueColumns(
        trx,
        input.dueAt === undefined ? current : input.dueAt,
        input.timeZone ?? before.time_zone,
      ),
    );
  }
  if (input.status !== undefined && input.status !== before.status) {
    patch.status = input.status;
    patch.completed_at = null;
  }
  return applyUpdate(trx, ctx, jobs, before, patch, links);
}

export async function completeTask(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  id: string,
  result: string | undefined,
): Promise<TaskResponse> {
  const before = await loadForWrite(trx, ctx, id, "update");
  if (before.status !== "open")
    throw new ConflictError("task_not_open", `The task is already ${before.status}.`);
  assertWritable(ctx.actor, "tasks", { status: "done", completedAt: true, result });
  const patch = {
    status: "done" as const,
    completed_at: new Date(),
    ...(result !== undefined ? { result } : {}),
  };
  return applyUpdate(trx, ctx, jobs, before, patch, undefined, "complete");
}

export async function rescheduleTask(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  id: string,
  input: { dueAt: string; timeZone?: string | undefined },
): Promise<TaskResponse> {
  const before = await loadForWrite(trx, ctx, id, "update");
  if (before.status !== "open")
    throw new ConflictError("task_not_open", `The task is already ${before.status}.`);
  assertWritable(ctx.actor, "tasks", input);
  const due = await dueColumns(trx, input.dueAt, input.timeZone ?? before.time_zone);
  return applyUpdate(trx, ctx, jobs, before, due, undefined, "reschedule");
}

export async function deleteTask(trx: Trx, ctx: RequestContext, id: string): Promise<void> {
  const before = await loadForWrite(trx, ctx, id, "delete");
  await trx.updateTable("tasks").set({ deleted_at: new Date() }).where("id", "=", id).execute();
  await recordChange(trx, changeCtx(ctx), {
    entity: "tasks",
    entityId: id,
    action: "delete",
    changes: { title: { before: before.title, after: null } },
  });
}
