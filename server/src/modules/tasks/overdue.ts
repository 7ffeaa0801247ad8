import { sql } from "kysely";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { createNotification } from "../notifications/module.js";
import { type EscalationSettings, getEscalationSettings } from "./escalation.js";

export const OVERDUE_SCAN_JOB = "tasks.overdue-scan";
const BATCH = 500;
const DAY_MS = 86_400_000;

/** Notifies owners of tasks that became overdue; the watermark column makes each (task, due version) once. */
async function notifyNewlyOverdue(deps: AppDeps, now: Date): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("tasks")
      .select(["id", "title", "owner_id", "due_version"])
      .where("status", "=", "open")
      .where("deleted_at", "is", null)
      .where("overdue_notified_at", "is", null)
      .where("overdue_at", "<=", now)
      .orderBy("overdue_at")
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const t of rows) {
      await createNotification(trx, deps.jobs, {
        userId: t.owner_id,
        kind: "task.overdue",
        titleKey: "task.overdue",
        params: { title: t.title },
        entity: "tasks",
        entityId: t.id,
        dedupeKey: `task.overdue:${t.id}:${t.due_version}`,
      });
    }
    if (rows.length > 0) {
      await trx
        .updateTable("tasks")
        .set({ overdue_notified_at: now })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows.length;
  });
}

/**
 * Tells the owner's head (the head of their team, else their manager) once per due version when a task is more
 * than `overdueDays` late.
 */
async function escalate(deps: AppDeps, now: Date, settings: EscalationSettings): Promise<number> {
  const threshold = new Date(now.getTime() - settings.overdueDays * DAY_MS);
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("tasks as t")
      .innerJoin("users as u", "u.id", "t.owner_id")
      .leftJoin("teams as tm", "tm.id", "u.team_id")
      .select(["t.id", "t.title", "t.owner_id", "t.due_version", "t.overdue_at", "u.name as owner_name"])
      .select(
        sql<string | null>`case when tm.head_id is not null and tm.head_id <> t.owner_id then tm.head_id
          when u.manager_id <> t.owner_id then u.manager_id end`.as("head_id"),
      )
      .where("t.status", "=", "open")
      .where("t.deleted_at", "is", null)
      .where("t.escalated_at", "is", null)
      .where("t.overdue_at", "<=", threshold)
      .orderBy("t.overdue_at")
      .limit(BATCH)
      .forUpdate("t")
      .skipLocked()
      .execute();
    for (const t of rows) {
      if (!t.head_id || !t.overdue_at) continue;
      await createNotification(trx, deps.jobs, {
        userId: t.head_id,
        kind: "task.escalated",
        titleKey: "task.escalated",
        params: {
          title: t.title,
          owner: t.owner_name,
          days: Math.floor((now.getTime() - t.overdue_at.getTime()) / DAY_MS),
        },
        entity: "tasks",
        entityId: t.id,
        dedupeKey: `task.escalated:${t.id}:${t.due_version}`,
      });
    }
    if (rows.length > 0) {
      await trx
        .updateTable("tasks")
        .set({ escalated_at: now })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows.length;
  });
}

export async function scanOverdue(
  deps: AppDeps,
  now = new Date(),
): Promise<{ overdue: number; escalated: number }> {
  let overdue = 0;
  for (;;) {
    const n = await notifyNewlyOverdue(deps, now);
    overdue += n;
    if (n < BATCH) break;
  }
  const settings = await getEscalationSettings(deps.db);
  let escalated = 0;
  for (;;) {
    const n = await escalate(deps, now, settings);
    escalated += n;
    if (n < BATCH) break;
  }
  return { overdue, escalated };
}

export function overdueScanJob(deps: AppDeps): JobDefinition {
  return {
    name: OVERDUE_SCAN_JOB,
    schedule: { cron: "*/5 * * * *" },
    retryLimit: 1,
    async handler(_jobs, { log }) {
      const result = await scanOverdue(deps);
      if (result.overdue + result.escalated > 0) log.info(result, "overdue tasks notified");
    },
  };
}
