import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import type { RecordLink } from "../../platform/records/links.js";
import { bodiesVisible, mailboxAccess, threadVisible } from "./visibility.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type ThreadRow = Selectable<DB["mail_threads"]> & {
  full: boolean;
  bodies: boolean;
  read_through: Date | null;
};
export type MessageRow = Selectable<DB["mail_messages"]>;
export type AttachmentRow = Selectable<DB["mail_attachments"]>;

/** A thread row with the actor's access (`full`, `bodies`), read state and its keyset position. */
export function threadColumns(actor: Actor) {
  return sql<ThreadRow>`t.*, ${mailboxAccess(actor)} as full, ${bodiesVisible(actor)} as bodies,
    r.read_through, to_char(t.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at`;
}

/** A thread the actor may see (else undefined), with whether they have mailbox access and see its bodies. */
export async function findThread(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const lock = opts.forUpdate ? sql`for update of t` : sql``;
  const rows = await sql<ThreadRow>`
    select ${threadColumns(actor)}
    from mail_threads t
    left join mail_thread_reads r on r.thread_id = t.id and r.user_id = ${actor.userId}
    where t.id = ${id} and ${threadVisible(actor)} ${lock}`.execute(db);
  return rows.rows[0];
}

export async function threadLinks(db: Db, ids: readonly string[]): Promise<Map<string, RecordLink[]>> {
  const out = new Map<string, RecordLink[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("mail_thread_links")
    .select(["thread_id", "entity", "record_id"])
    .where("thread_id", "in", [...ids])
    .where("unlinked_at", "is", null)
    .orderBy("entity")
    .orderBy("record_id")
    .execute();
  for (const r of rows)
    out.set(r.thread_id, [...(out.get(r.thread_id) ?? []), { entity: r.entity, id: r.record_id }]);
  return out;
}

/** The newest outgoing message's send state per thread (the inbox shows "sending"/"failed"). */
export async function lastSendStatus(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ thread_id: string; send_status: string }>`
    select distinct on (thread_id) thread_id, send_status from mail_messages
    where thread_id = any(${[...ids]}::uuid[]) and send_status is not null
    order by thread_id, created_at desc`.execute(db);
  return new Map(rows.rows.map((r) => [r.thread_id, r.send_status]));
}

export async function threadMessages(db: Db, threadId: string) {
  const messages = await db
    .selectFrom("mail_messages")
    .selectAll()
    .where("thread_id", "=", threadId)
    .orderBy("sent_at")
    .orderBy("id")
    .execute();
  const attachments = await attachmentsOf(
    db,
    messages.map((m) => m.id),
  );
  return { messages, attachments };
}

export async function attachmentsOf(db: Db, messageIds: readonly string[]) {
  const out = new Map<string, AttachmentRow[]>();
  if (messageIds.length === 0) return out;
  const rows = await db
    .selectFrom("mail_attachments")
    .selectAll()
    .where("message_id", "in", [...messageIds])
    .orderBy("position")
    .execute();
  for (const a of rows) out.set(a.message_id, [...(out.get(a.message_id) ?? []), a]);
  return out;
}

export async function findMessage(db: Db, threadId: string, id: string) {
  return db
    .selectFrom("mail_messages")
    .selectAll()
    .where("thread_id", "=", threadId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function markRead(db: Db, userId: string, threadId: string, through: Date) {
  await db
    .insertInto("mail_thread_reads")
    .values({ user_id: userId, thread_id: threadId, read_through: through })
    .onConflict((oc) =>
      oc.columns(["user_id", "thread_id"]).doUpdateSet({ read_through: through, read_at: sql`now()` }),
    )
    .execute();
}

export async function markUnread(db: Db, userId: string, threadId: string) {
  await db
    .deleteFrom("mail_thread_reads")
    .where("user_id", "=", userId)
    .where("thread_id", "=", threadId)
    .execute();
}

export async function linkThread(db: Db, threadId: string, link: RecordLink, userId: string, at: Date) {
  await db
    .insertInto("mail_thread_links")
    .values({
      thread_id: threadId,
      entity: link.entity,
      record_id: link.id,
      source: "user",
      last_message_at: at,
      linked_by: userId,
    })
    .onConflict((oc) =>
      oc.columns(["thread_id", "entity", "record_id"]).doUpdateSet({
        unlinked_at: null,
        source: "user",
        linked_by: userId,
        last_message_at: at,
      }),
    )
    .execute();
}

/** Mailboxes the actor may send from: their own and those granted to their team. */
export async function sendableMailbox(db: Db, actor: Actor, mailboxId: string) {
  const team = actor.teamId
    ? sql`or exists (select 1 from mailbox_grants g where g.mailbox_id = m.id and g.team_id = ${actor.teamId})`
    : sql``;
  const rows = await sql<Selectable<DB["mailboxes"]>>`
    select m.* from mailboxes m
    where m.id = ${mailboxId} and m.deleted_at is null and (m.owner_id = ${actor.userId} ${team})`.execute(
    db,
  );
  return rows.rows[0];
}
