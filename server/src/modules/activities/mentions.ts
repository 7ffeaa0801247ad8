import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";
import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { AppDeps } from "../../platform/http/types.js";
import { actorForUser } from "../../platform/records/actor.js";
import { type RecordLink, readableRecordIds } from "../../platform/records/links.js";
import type { AppDeliveredEvent } from "../change-events.js";
import { createNotification, recordTitle } from "../notifications/module.js";
import { activityLinksOf, findActivity } from "./repository.js";
import { mentionedUserIds } from "./sanitize.js";

export const MENTIONS_CONSUMER = "activities.mentions";
const MAX_MENTIONS = 50;

/**
 * Every user a (sanitized) body newly mentions must be an active user; else 422 on `body.body`. Mentions the
 * body already had (`previous`) stay valid when their user leaves, so such a note can still be edited.
 */
export async function assertMentionableUsers(
  trx: Transaction<DB>,
  html: string | null,
  previous: string | null = null,
): Promise<void> {
  const kept = new Set(mentionedUserIds(previous));
  const ids = mentionedUserIds(html).filter((id) => !kept.has(id));
  if (ids.length === 0) return;
  if (ids.length > MAX_MENTIONS) {
    throw ValidationError.field(
      "body.body",
      `At most ${MAX_MENTIONS} people can be mentioned.`,
      "too_many_mentions",
    );
  }
  const rows = await trx
    .selectFrom("users")
    .select("id")
    .where("id", "in", ids)
    .where("is_active", "=", true)
    .execute();
  const active = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !active.has(id));
  if (missing)
    throw ValidationError.field("body.body", `User ${missing} cannot be mentioned.`, "invalid_mention");
}

/** Users an activity change newly mentions (in the body after, not before), the author excluded. */
export function newlyMentioned(e: AppDeliveredEvent): string[] {
  if (e.entity !== "activities" || (e.action !== "create" && e.action !== "update")) return [];
  const body = e.changes.body;
  if (!body || typeof body.after !== "string") return [];
  const before = new Set(mentionedUserIds(typeof body.before === "string" ? body.before : null));
  return mentionedUserIds(body.after).filter((id) => !before.has(id) && id !== e.actorId);
}

/**
 * Tells each newly mentioned user about a note that mentions them — only when they can read the record the
 * note is on (a note without links: the note itself), and pointing at a record they can read. The dedupe key
 * `activity.mention:<activity>:<user>` makes it once per note and user, across edits and retries.
 */
export function mentionsConsumer(deps: AppDeps): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: MENTIONS_CONSUMER,
    events: ["activities.create", "activities.update"],
    async handle(events, { trx }) {
      for (const e of events) {
        const users = newlyMentioned(e);
        if (users.length > 0) await notifyMentioned({ ...deps, db: trx }, e, users);
      }
    },
  };
}

async function notifyMentioned(deps: AppDeps, e: AppDeliveredEvent, users: string[]): Promise<void> {
  const live = await deps.db
    .selectFrom("activities")
    .select("id")
    .where("id", "=", e.entityId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!live) return;
  const links = (await activityLinksOf(deps.db, [e.entityId])).get(e.entityId) ?? [];
  const author = e.actorId
    ? await deps.db.selectFrom("users").select("name").where("id", "=", e.actorId).executeTakeFirst()
    : undefined;
  for (const userId of users) {
    const actor = await actorForUser(deps.db, userId);
    if (!actor) continue;
    const target = await readableTarget(deps, actor, e.entityId, links);
    if (!target) continue;
    const onRecord = target.entity !== "activities";
    await createNotification(deps.db, deps.jobs, {
      userId,
      kind: "activity.mention",
      titleKey: onRecord ? "activity.mention" : "activity.mentionNote",
      params: {
        actor: author?.name ?? "Tandem",
        ...(onRecord ? { title: await recordTitle(deps, target.entity, target.id) } : {}),
        entity: target.entity,
      },
      entity: target.entity,
      entityId: target.id,
      dedupeKey: `activity.mention:${e.entityId}:${userId}`,
    });
  }
}

/** The first linked record the user can read; for a note without links, the note if they can read it. */
async function readableTarget(
  deps: AppDeps,
  actor: NonNullable<Awaited<ReturnType<typeof actorForUser>>>,
  activityId: string,
  links: RecordLink[],
): Promise<RecordLink | null> {
  if (links.length === 0) {
    const own = await findActivity(deps.db, actor, activityId, "read");
    return own ? { entity: "activities", id: activityId } : null;
  }
  for (const link of links) {
    if ((await readableRecordIds(deps.db, actor, link.entity, [link.id])).has(link.id)) return link;
  }
  return null;
}
