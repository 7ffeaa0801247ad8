import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition, JobQueue } from "../../platform/jobs/queue.js";
import { createNotification } from "../notifications/module.js";
import type { Db, TaskRow } from "./repository.js";

export const REMINDER_JOB = "tasks.reminder";

export interface ReminderJobData {
  taskId: string;
  dueVersion: number;
  offset: number;
}

/**
 * Queues one job per reminder offset in the caller's transaction. Each job carries the task's due version;
 * a reschedule bumps the version, so jobs queued for the old due time find nothing to do.
 */
export async function scheduleReminders(
  trx: Db,
  jobs: JobQueue,
  t: TaskRow,
  now = Date.now(),
): Promise<void> {
  if (t.status !== "open" || !t.due_at || t.due_at.getTime() <= now) return;
  for (const offset of t.reminders) {
    const fireAt = t.due_at.getTime() - offset * 60_000;
    const data: ReminderJobData = { taskId: t.id, dueVersion: t.due_version, offset };
    await jobs.sendWith(trx, REMINDER_JOB, data, {
      // A reminder whose moment has passed (a task created late) fires at once, as long as it is not due yet.
      startAfter: new Date(Math.max(fireAt, now)),
      singletonKey: `${t.id}:${t.due_version}:${offset}`,
    });
  }
}

/** Sends a reminder if the task is still open, still due when the job was queued and still has the offset. */
export async function deliverReminder(deps: AppDeps, data: ReminderJobData): Promise<string | null> {
  return deps.db.transaction().execute(async (trx) => {
    const t = await trx
      .selectFrom("tasks")
      .selectAll()
      .where("id", "=", data.taskId)
      .where("deleted_at", "is", null)
      .where("status", "=", "open")
      .where("due_version", "=", data.dueVersion)
      .executeTakeFirst();
    if (!t?.due_at || !t.reminders.includes(data.offset)) return null;
    return createNotification(trx, deps.jobs, {
      userId: t.owner_id,
      kind: "task.reminder",
      titleKey: "task.reminder",
      params: { title: t.title, dueAt: t.all_day && t.due_date ? t.due_date : t.due_at.toISOString() },
      entity: "tasks",
      entityId: t.id,
      dedupeKey: `task.reminder:${t.id}:${t.due_version}:${data.offset}`,
    });
  });
}

export function reminderJob(deps: AppDeps): JobDefinition<ReminderJobData> {
  return {
    name: REMINDER_JOB,
    retryLimit: 5,
    batchSize: 20,
    async handler(jobs) {
      for (const job of jobs) await deliverReminder(deps, job.data);
    },
  };
}
