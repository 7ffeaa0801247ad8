import type { ChangeBatch, ChangeEventPayload } from "../../platform/events/relay.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import type { RecordLink } from "../../platform/records/links.js";
import type { Db } from "./repository.js";
import { writeActivityLinks } from "./repository.js";

export const SYSTEM_EVENTS_CONSUMER = "activities.system-events";

type Change = { before?: unknown; after?: unknown };

/**
 * Writes the timeline items the system produces from change events: a completed task (with its result) on the
 * records the task is linked to, and a deal's stage move on the deal. They are a projection of events that are
 * already in the outbox/audit log, so they do not emit change events themselves. `source_event_id` is unique,
 * so a retried batch writes nothing twice.
 */
export function systemEventsConsumer(deps: AppDeps): JobDefinition<ChangeBatch> {
  return {
    name: SYSTEM_EVENTS_CONSUMER,
    consumesChanges: true,
    async handler(jobs) {
      for (const job of jobs) {
        for (const e of job.data.events) {
          if (e.entity === "tasks") await taskCompleted(deps.db, e);
          else if (e.entity === "deals") await dealStageMoved(deps.db, e);
        }
      }
    },
  };
}

async function insertSystemItem(
  db: Db,
  e: ChangeEventPayload,
  item: {
    kind: "system" | "status_change";
    ownerId: string;
    occurredAt: Date;
    subject: string;
    body?: string | null;
    event: Record<string, unknown>;
    taskId?: string;
    links: RecordLink[];
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("activities")
      .values({
        kind: item.kind,
        occurred_at: item.occurredAt,
        subject: item.subject,
        body: item.body ?? null,
        event: JSON.stringify(item.event),
        task_id: item.taskId ?? null,
        source_event_id: e.id,
        owner_id: item.ownerId,
        created_by: e.actorId,
      })
      .onConflict((oc) => oc.column("source_event_id").doNothing())
      .returning(["id", "occurred_at"])
      .executeTakeFirst();
    if (row) await writeActivityLinks(trx, row.id, row.occurred_at, item.links);
  });
}

async function taskCompleted(db: Db, e: ChangeEventPayload): Promise<void> {
  const status = e.changes.status as Change | undefined;
  if (status?.after !== "done") return;
  const t = await db.selectFrom("tasks").selectAll().where("id", "=", e.entityId).executeTakeFirst();
  if (!t) return;
  const links = await db
    .selectFrom("task_links")
    .select(["entity", "record_id as id"])
    .where("task_id", "=", t.id)
    .execute();
  if (links.length === 0) return;
  await insertSystemItem(db, e, {
    kind: "system",
    ownerId: t.owner_id,
    occurredAt: t.completed_at ?? new Date(e.occurredAt),
    subject: t.title,
    body: null,
    event: { event: "task_completed", taskId: t.id, taskType: t.type, title: t.title, result: t.result },
    taskId: t.id,
    links,
  });
}

async function dealStageMoved(db: Db, e: ChangeEventPayload): Promise<void> {
  const stage = (e.changes.stageId ?? e.changes.stage_id) as Change | undefined;
  if (!stage || stage.before === stage.after || e.action === "create") return;
  const deal = await db
    .selectFrom("deals")
    .select(["id", "owner_id", "title"])
    .where("id", "=", e.entityId)
    .executeTakeFirst();
  if (!deal) return;
  const ids = [stage.before, stage.after].filter((v): v is string => typeof v === "string");
  const stages = ids.length
    ? await db.selectFrom("pipeline_stages").select(["id", "name", "kind"]).where("id", "in", ids).execute()
    : [];
  const named = (v: unknown) => stages.find((s) => s.id === v) ?? null;
  const to = named(stage.after);
  await insertSystemItem(db, e, {
    kind: "status_change",
    ownerId: deal.owner_id,
    occurredAt: new Date(e.occurredAt),
    subject: deal.title,
    event: {
      event: "deal_stage_changed",
      field: "stage",
      before: named(stage.before)?.name ?? null,
      after: to?.name ?? null,
      beforeId: stage.before ?? null,
      afterId: stage.after ?? null,
      stageKind: to?.kind ?? null,
    },
    links: [{ entity: "deals", id: deal.id }],
  });
}
