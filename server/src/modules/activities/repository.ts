import type { Kysely, Selectable, Transaction } from "kysely";
import type { Action, Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { RecordLink } from "../../platform/records/links.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { ActivitiesTable } from "./tables.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type ActivityRow = Selectable<ActivitiesTable>;

export async function findActivity(
  db: Db,
  actor: Actor,
  id: string,
  action: Action,
  opts: { forUpdate?: boolean } = {},
): Promise<ActivityRow | undefined> {
  let q = db
    .selectFrom("activities as a")
    .selectAll("a")
    .where("a.id", "=", id)
    .where("a.deleted_at", "is", null)
    .where(ownerScope(actor, "activities", action, "a.owner_id"));
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function activityLinksOf(db: Db, ids: readonly string[]): Promise<Map<string, RecordLink[]>> {
  const out = new Map<string, RecordLink[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("activity_links")
    .select(["activity_id", "entity", "record_id"])
    .where("activity_id", "in", [...ids])
    .orderBy("entity")
    .orderBy("record_id")
    .execute();
  for (const r of rows) {
    out.set(r.activity_id, [...(out.get(r.activity_id) ?? []), { entity: r.entity, id: r.record_id }]);
  }
  return out;
}

/** Replaces an activity's links; each link row carries occurred_at so the timeline reads one index range. */
export async function writeActivityLinks(
  db: Db,
  activityId: string,
  occurredAt: Date,
  links: readonly RecordLink[],
): Promise<void> {
  await db.deleteFrom("activity_links").where("activity_id", "=", activityId).execute();
  if (links.length === 0) return;
  await db
    .insertInto("activity_links")
    .values(
      links.map((l) => ({
        activity_id: activityId,
        entity: l.entity,
        record_id: l.id,
        occurred_at: occurredAt,
      })),
    )
    .execute();
}

/**
 * An activity as the actor's role may see it (fields its field rules hide are removed), with what the caller may
 * do with it (the definition's write rule: the owner's scopes, nothing on system items).
 */
export function presentActivity(actor: Actor, a: ActivityRow, links: RecordLink[]) {
  return presentRecord(actor, "activities", a, activityView(a, links));
}

function activityView(a: ActivityRow, links: RecordLink[]) {
  return {
    id: a.id,
    kind: a.kind,
    occurredAt: a.occurred_at.toISOString(),
    subject: a.subject,
    body: a.body,
    direction: a.direction,
    phone: a.phone,
    phoneRaw: a.phone_raw,
    durationSeconds: a.duration_seconds,
    outcome: a.outcome,
    recordingUrl: a.recording_url,
    startsAt: a.starts_at?.toISOString() ?? null,
    endsAt: a.ends_at?.toISOString() ?? null,
    place: a.place,
    participants: a.participants,
    from: a.from_address,
    to: a.to_address,
    toRaw: a.to_raw,
    event: a.event,
    taskId: a.task_id,
    ownerId: a.owner_id,
    createdBy: a.created_by,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
    links,
  };
}
