import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { RecordLink } from "../../platform/records/links.js";
import type { AppDeliveredEvent } from "../change-events.js";
import { writeActivityLinks } from "./repository.js";
import type { SystemEventPayload } from "./system-event-payload.js";

export const SYSTEM_EVENTS_CONSUMER = "activities.system-events";

type Db = Transaction<DB>;
type TaskEvent = Extract<AppDeliveredEvent, { entity: "tasks" }>;
type DealEvent = Extract<AppDeliveredEvent, { entity: "deals"; action: "update" } | { action: "merge" }>;

/**
 * Writes the timeline items the system produces from change events: a completed task (with its result) on the
 * records the task is linked to, and a deal's stage move on the deal. They are a projection of events that are
 * already in the outbox/audit log, so they do not emit change events themselves. `source_event_id` is unique,
 * so a retried batch writes nothing twice.
 */
export function systemEventsConsumer(_deps?: unknown): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: SYSTEM_EVENTS_CONSUMER,
    events: ["tasks.update", "tasks.complete", "deals.update", "deals.merge"],
    async handle(events, { trx }) {
      for (const e of events) {
        if (e.entity === "tasks" && e.action !== "delete") await taskCompleted(trx, e as TaskEvent);
        else if (e.action === "update" || e.action === "merge") await dealStageMoved(trx, e as DealEvent);
      }
    },
  };
}

async function insertSystemItem(
  db: Db,
  e: AppDeliveredEvent,
  item: {
    kind: "system" | "status_change";
    ownerId: string;
    occurredAt: Date;
    subject: string;
    body?: string | null;
    event: SystemEventPayload;
    taskId?: string;
    links: RecordLink[];
  },
): Promise<void> {
  const row = await db
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
  if (row) await writeActivityLinks(db, row.id, row.occurred_at, item.links);
}

async function taskCompleted(db: Db, e: TaskEvent): Promise<void> {
  const status = "status" in e.changes ? e.changes.status : undefined;
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
    event: {
      event: "task_completed",
      taskId: t.id,
      taskType: t.type,
      title: t.title,
      result: t.result ?? null,
    },
    taskId: t.id,
    links,
  });
}

async function dealStageMoved(db: Db, e: DealEvent): Promise<void> {
  const stage =
    "stageId" in e.changes ? (e.changes.stageId as { before: unknown; after: unknown }) : undefined;
  if (!stage || stage.before === stage.after) return;
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
      beforeId: typeof stage.before === "string" ? stage.before : null,
      afterId: typeof stage.after === "string" ? stage.after : null,
      stageKind: to?.kind ?? null,
    },
    links: [{ entity: "deals", id: deal.id }],
  });
}
