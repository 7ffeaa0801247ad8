import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError, NotFoundError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { type NotificationParams, renderMessage } from "./messages.js";

type Db = Kysely<DB> | Transaction<DB>;

export const NOTIFICATION_EMAIL_JOB = "notifications.email";

export interface NewNotification {
  userId: string;
  kind: string;
  titleKey: string;
  params: NotificationParams;
  entity?: string | null;
  entityId?: string | null;
  /** At most one notification per key, ever (reminders, overdue, escalation, assignment events). */
  dedupeKey: string;
}

/**
 * Creates a notification unless one with the same dedupe key exists; queues its email copy in the same
 * transaction when the recipient wants email. Returns the new id, or null when it was a duplicate.
 */
export async function createNotification(db: Db, jobs: JobQueue, n: NewNotification): Promise<string | null> {
  const row = await db
    .insertInto("notifications")
    .values({
      user_id: n.userId,
      kind: n.kind,
      title_key: n.titleKey,
      params: JSON.stringify(n.params),
      entity: n.entity ?? null,
      entity_id: n.entityId ?? null,
      dedupe_key: n.dedupeKey,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return null;
  const user = await db
    .selectFrom("users")
    .select(["notify_by_email", "is_active"])
    .where("id", "=", n.userId)
    .executeTakeFirst();
  if (user?.notify_by_email && user.is_active) {
    await jobs.sendWith(db, NOTIFICATION_EMAIL_JOB, { notificationId: row.id });
  }
  return row.id;
}

/**
 * `createNotification` for many at once (a consumer's batch): one insert, one recipients query and one batch of
 * email jobs, in the caller's transaction. Returns how many were new.
 */
export async function createNotifications(db: Db, jobs: JobQueue, list: NewNotification[]): Promise<number> {
  if (list.length === 0) return 0;
  const rows = await db
    .insertInto("notifications")
    .values(
      list.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        title_key: n.titleKey,
        params: JSON.stringify(n.params),
        entity: n.entity ?? null,
        entity_id: n.entityId ?? null,
        dedupe_key: n.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning(["id", "user_id"])
    .execute();
  if (rows.length === 0) return 0;
  const wanting = await db
    .selectFrom("users")
    .select("id")
    .where("id", "in", [...new Set(rows.map((r) => r.user_id))])
    .where("notify_by_email", "=", true)
    .where("is_active", "=", true)
    .execute();
  const email = new Set(wanting.map((u) => u.id));
  const mails = rows.filter((r) => email.has(r.user_id)).map((r) => ({ notificationId: r.id }));
  await jobs.sendManyWith(db, NOTIFICATION_EMAIL_JOB, mails);
  return rows.length;
}

export interface NotificationView {
  id: string;
  kind: string;
  titleKey: string;
  params: NotificationParams;
  title: string;
  entity: string | null;
  entityId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface Recipient {
  language: string;
  timeZone: string;
}

type Row = {
  id: string;
  kind: string;
  title_key: string;
  params: NotificationParams;
  entity: string | null;
  entity_id: string | null;
  read_at: Date | null;
  created_at: Date;
};

export function presentNotification(r: Row, to: Recipient): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    titleKey: r.title_key,
    params: r.params,
    title: renderMessage(r.title_key, r.params, to.language, to.timeZone),
    entity: r.entity,
    entityId: r.entity_id,
    readAt: r.read_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

const columns = [
  "id",
  "kind",
  "title_key",
  "params",
  "entity",
  "entity_id",
  "read_at",
  "created_at",
] as const;

export async function recipientOf(db: Db, userId: string): Promise<Recipient> {
  const u = await db
    .selectFrom("users")
    .select(["language", "time_zone"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return { language: u.language, timeZone: u.time_zone };
}

/** Unread first, then newest first; keyset on (unread, id). */
export async function listNotifications(
  db: Db,
  userId: string,
  q: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  const unread = sql<boolean>`(read_at is null)`;
  let query = db
    .selectFrom("notifications")
    .select(columns)
    .select(unread.as("unread"))
    .where("user_id", "=", userId)
    .orderBy(unread, "desc")
    .orderBy("id", "desc")
    .limit(q.limit + 1);
  if (q.unread) query = query.where("read_at", "is", null);
  if (q.cursor) {
    const [u, id] = decodeCursor(q.cursor, 2);
    if (typeof u !== "boolean" || typeof id !== "string" || !/^\d{1,18}$/.test(id)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    query = query.where(sql<boolean>`(${unread}, id) < (${u}, ${id}::bigint)`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const to = await recipientOf(db, userId);
  const count = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return {
    items: page.map((r) => presentNotification(r, to)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.unread, last.id]) : null,
    unreadCount: Number(count.n),
  };
}

/** Notifications of a user after `afterId` (SSE catch-up), oldest first. */
export async function notificationsAfter(db: Db, userId: string, afterId: string, limit = 100) {
  return db
    .selectFrom("notifications")
    .select(columns)
    .where("user_id", "=", userId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function latestNotificationId(db: Db, userId: string): Promise<string> {
  const r = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return (r?.id as string | null) ?? "0";
}

export async function markRead(db: Db, userId: string, id: string): Promise<void> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError("Notification");
}

export async function markAllRead(db: Db, userId: string): Promise<number> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: new Date() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** One of the user's own notifications; anyone else's is 404. */
export async function getNotification(db: Db, userId: string, id: string): Promise<NotificationView> {
  const row = await db
    .selectFrom("notifications")
    .select(columns)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Notification");
  return presentNotification(row, await recipientOf(db, userId));
}

/** Marks one notification read (keeps the first read time) or unread again. */
export async function setRead(db: Db, userId: string, id: string, read: boolean): Promise<NotificationView> {
  const r = await db
    .updateTable("notifications")
    .set({ read_at: read ? sql`coalesce(read_at, now())` : null })
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError("Notification");
  return getNotification(db, userId, id);
}

export async function deleteNotification(db: Db, userId: string, id: string): Promise<void> {
  const r = await db
    .deleteFrom("notifications")
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new NotFoundError("Notification");
}
