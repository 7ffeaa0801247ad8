import { type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { snippetOf, subjectKey } from "../mail/module.js";
import type { Address } from "./compose.js";
import type { Db, MessageRow } from "./repository.js";

export type MailboxRow = Selectable<DB["mailboxes"]>;

export interface OutgoingRow {
  mailboxId: string;
  threadId: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  html: string;
  text: string;
  replyText: string;
  hasQuoted: boolean;
  scheduledAt: Date | null;
  sentBy: string;
}

const json = (v: unknown) => JSON.stringify(v);
const addr = (a: Address) => ({ name: a.name ?? null, address: a.address });

/** A new thread for a letter the CRM starts (aggregates are filled by `refreshThread`). */
export async function insertThread(db: Db, mailboxId: string, subject: string, at: Date): Promise<string> {
  const row = await db
    .insertInto("mail_threads")
    .values({
      mailbox_id: mailboxId,
      subject,
      // The key incoming mail is threaded by (`mail` module), so a client's reply without references finds it.
      subject_key: subjectKey(subject),
      first_message_at: at,
      last_message_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The outgoing letter as a `mail_messages` row in state `queued` (its Message-ID fixed now, before any send). */
export async function insertOutgoing(db: Db, m: OutgoingRow): Promise<MessageRow> {
  return db
    .insertInto("mail_messages")
    .values({
      mailbox_id: m.mailboxId,
      thread_id: m.threadId,
      message_id: m.messageId,
      in_reply_to: m.inReplyTo,
      references: m.references,
      direction: "out",
      from_address: m.from.address.toLowerCase(),
      from_name: m.from.name ?? null,
      from: json([addr(m.from)]),
      to: json(m.to.map(addr)),
      cc: json(m.cc.map(addr)),
      bcc: json(m.bcc.map(addr)),
      subject: m.subject,
      sent_at: m.scheduledAt ?? new Date(),
      text_body: m.text,
      html_body: m.html,
      reply_text: m.replyText,
      has_quoted: m.hasQuoted,
      snippet: snippetOf(m.replyText || m.text),
      size_bytes: Buffer.byteLength(m.html) + Buffer.byteLength(m.text),
      send_status: "queued",
      scheduled_at: m.scheduledAt,
      sent_by: m.sentBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertAttachments(
  db: Db,
  messageId: string,
  files: { fileId: string | null; name: string; contentType: string; size: number; sha256: string }[],
) {
  if (files.length === 0) return;
  await db
    .insertInto("mail_attachments")
    .values(
      files.map((f, position) => ({
        message_id: messageId,
        position,
        filename: f.name,
        content_type: f.contentType,
        size_bytes: f.size,
        sha256: f.sha256,
        file_id: f.fileId,
      })),
    )
    .execute();
}

/**
 * A thread's aggregates from its messages: first/last time, count, direction and snippet of the newest,
 * participants (every address once), and the link rows' sort key (the record timelines' index).
 */
export async function refreshThread(db: Db, threadId: string): Promise<void> {
  await sql`
    with m as (
      select * from mail_messages where thread_id = ${threadId}
    ), latest as (
      select direction, snippet from m order by sent_at desc, id desc limit 1
    ), people as (
      select distinct on (lower(p->>'address')) lower(p->>'address') as address, p->>'name' as name
      from m, jsonb_array_elements(m."from" || m."to" || m.cc) p
      where coalesce(p->>'address', '') <> ''
      order by lower(p->>'address'), (p->>'name') nulls last
    )
    update mail_threads t set
      first_message_at = (select min(sent_at) from m),
      last_message_at = (select max(sent_at) from m),
      message_count = (select count(*) from m),
      last_direction = (select direction from latest),
      snippet = coalesce((select snippet from latest), ''),
      participants = coalesce((select jsonb_agg(jsonb_build_object('name', name, 'address', address)) from people), '[]'::jsonb),
      participant_addresses = coalesce((select array_agg(address) from people), '{}')
    where t.id = ${threadId}`.execute(db);
  await sql`
    update mail_thread_links l set last_message_at = t.last_message_at
    from mail_threads t where t.id = l.thread_id and l.thread_id = ${threadId}`.execute(db);
}

/** Claims a queued letter for sending: exactly one job wins (the row moves to `sending`, its attempt counted). */
export async function claimForSending(db: Db, id: string): Promise<MessageRow | undefined> {
  return db
    .updateTable("mail_messages")
    .set({ send_status: "sending", send_attempts: sql`send_attempts + 1`, send_error: null })
    .where("id", "=", id)
    .where("send_status", "=", "queued")
    .returningAll()
    .executeTakeFirst();
}

export async function setSendState(
  db: Db,
  id: string,
  state: { status: "sent" | "failed" | "queued"; error?: string | null; sentAt?: Date },
): Promise<void> {
  await db
    .updateTable("mail_messages")
    .set({
      send_status: state.status,
      send_error: state.error ?? null,
      ...(state.sentAt ? { sent_at: state.sentAt } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export async function messageById(db: Db, id: string) {
  return db.selectFrom("mail_messages").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function mailboxById(db: Db, id: string) {
  return db.selectFrom("mailboxes").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The path of the mailbox's Sent folder as the sync found it; "Sent" until the first sync. */
export async function sentFolderPath(db: Db, mailboxId: string): Promise<string> {
  const row = await db
    .selectFrom("mailbox_folders")
    .select("path")
    .where("mailbox_id", "=", mailboxId)
    .where("role", "=", "sent")
    .executeTakeFirst();
  return row?.path ?? "Sent";
}
