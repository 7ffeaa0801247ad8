import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { recordChange } from "../../platform/events/outbox.js";
import {
  type BatchItem,
  type FolderRef,
  type MailboxRef,
  type Pending,
  partitionBatch,
  type StoreResult,
} from "./batch.js";
import { lookupRecords, storeLinks } from "./linking.js";
import { insertThreads, mergeThread, updateThreads } from "./thread-store.js";
import { assignThreads, threadClues } from "./threading.js";

/**
 * Stores a batch of messages of one mailbox exactly once, in the caller's transaction, with a fixed number of
 * statements per batch (not per message):
 * - a (mailbox, Message-ID) already stored only gains the folder UID it lacked (the CRM's outgoing copy seen in
 *   Sent; a message moved between folders keeps its row); a (folder, UIDVALIDITY, UID) is never stored twice
 *   (`batch.ts`);
 * - thread: the thread of any message it references (In-Reply-To/References, stored earlier or earlier in this
 *   batch) or of a stored reply to it or sibling sharing a reference; only without any reference, a thread of
 *   the same mailbox with the same normalized reply subject that one of its correspondents (or their contact's
 *   other addresses) is on; otherwise a new one. Threads started by replies stored before their parent merge
 *   into the parent's (`threading.ts`, `thread-store.ts`);
 * - links (contacts by address, their companies, companies by non-public domain), "Not in CRM" (`linking.ts`),
 *   attachment metadata and `mailMessages.receive|send` events.
 */
export async function storeBatch(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  folder: FolderRef | null,
  items: BatchItem[],
  actorId: string | null,
): Promise<StoreResult[]> {
  if (items.length === 0) return [];
  const { results, pending, inBatch } = await partitionBatch(trx, mailbox, folder, items);
  if (pending.length === 0) return results;

  const clues = await threadClues(trx, mailbox, pending);
  const records = await lookupRecords(trx, mailbox, [
    ...new Set(pending.flatMap((p) => p.people.map((a) => a.address))),
  ]);
  const { newThreads, merges } = await assignThreads(trx, mailbox, pending, inBatch, clues, records);
  for (const [i, r] of results.entries()) {
    if (r.stored) {
      const p = pending.find((x) => x.id === r.id);
      results[i] = { stored: true, id: r.id, threadId: p?.threadId ?? "" };
    }
  }

  await insertThreads(trx, mailbox.id, newThreads);
  const stored = await insertMessages(trx, mailbox, folder, pending);
  const done = pending.filter((p) => stored.has(p.id));
  for (const [i, r] of results.entries()) {
    if (r.stored && !stored.has(r.id))
      results[i] = { stored: false, id: null, threadId: null, reason: "duplicate" };
  }
  for (const m of merges) await mergeThread(trx, m.from, m.into);
  if (done.length === 0) return results;

  await updateThreads(trx, done);
  await insertAttachments(trx, done);
  const linksByMessage = await storeLinks(
    trx,
    mailbox,
    records,
    done.map((p) => ({
      messageRowId: p.id,
      threadId: p.threadId,
      people: p.people,
      direction: p.item.direction,
      sentAt: p.item.parsed.sentAt,
    })),
    actorId,
  );
  await recordChange(
    trx,
    { actorId },
    // Received/synced mail: `receive`; a CRM message: `send` once it is sent (a queued one: when its send job
    // succeeds — the conversations module writes that event).
    done
      .filter((p) => !p.item.outgoing || p.item.outgoing.sendStatus === "sent")
      .map((p) => ({
        entity: "mailMessages",
        entityId: p.id,
        action: p.item.outgoing?.sendStatus === "sent" ? "send" : "receive",
        changes: {
          mailboxId: mailbox.id,
          threadId: p.threadId,
          messageId: p.item.parsed.messageId,
          subject: p.item.parsed.subject,
          from: p.item.parsed.from,
          to: p.item.parsed.to,
          sentAt: p.item.parsed.sentAt.toISOString(),
          direction: p.item.direction,
          links: linksByMessage.get(p.id) ?? [],
        },
      })) as never,
  );
  return results;
}

/** The batch's new `mail_messages` rows (raw MIME kept where the parser kept it); the ids actually inserted. */
async function insertMessages(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  folder: FolderRef | null,
  pending: Pending[],
): Promise<Set<string>> {
  const rows = pending.map((p) => {
    const m = p.item.parsed;
    return {
      id: p.id,
      thread_id: p.threadId,
      uid: folder ? p.item.uid : null,
      message_id: m.messageId,
      in_reply_to: m.inReplyTo,
      references: p.ancestors,
      direction: p.item.direction,
      from_address: m.from[0]?.address ?? null,
      from_name: m.from[0]?.name || null,
      from: m.from,
      to: m.to,
      cc: m.cc,
      bcc: m.bcc,
      reply_to: m.replyTo,
      subject: m.subject,
      sent_at: m.sentAt.toISOString(),
      text_body: m.text,
      html_body: m.html,
      has_remote_images: m.hasRemoteImages,
      reply_text: m.replyText,
      has_quoted: m.hasQuoted,
      snippet: m.snippet,
      size_bytes: m.size,
      parse_warning: m.warning,
      send_status: p.item.outgoing?.sendStatus ?? null,
      sent_by: p.item.outgoing?.sentBy ?? null,
      scheduled_at: p.item.outgoing?.scheduledAt?.toISOString() ?? null,
    };
  });
  const inserted = await sql<{ id: string }>`
    insert into mail_messages (id, mailbox_id, thread_id, folder_id, uidvalidity, uid, message_id, in_reply_to,
      "references", direction, from_address, from_name, "from", "to", cc, bcc, reply_to, subject, sent_at,
      text_body, html_body, has_remote_images, reply_text, has_quoted, snippet, size_bytes, parse_warning,
      send_status, sent_by, scheduled_at)
    select x.id, ${mailbox.id}, x.thread_id, ${folder?.id ?? null}::uuid,
      ${folder ? String(folder.uidvalidity) : null}::bigint, x.uid, x.message_id, x.in_reply_to,
      x."references", x.direction, x.from_address, x.from_name, x."from", x."to", x.cc, x.bcc, x.reply_to,
      x.subject, x.sent_at, x.text_body, x.html_body, x.has_remote_images, x.reply_text, x.has_quoted, x.snippet,
      x.size_bytes, x.parse_warning, x.send_status, x.sent_by, x.scheduled_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, thread_id uuid, uid bigint,
      message_id text, in_reply_to text, "references" text[], direction text, from_address text, from_name text,
      "from" jsonb, "to" jsonb, cc jsonb, bcc jsonb, reply_to jsonb, subject text, sent_at timestamptz,
      text_body text, html_body text, has_remote_images boolean, reply_text text, has_quoted boolean,
      snippet text, size_bytes integer, parse_warning text, send_status text, sent_by uuid,
      scheduled_at timestamptz)
    on conflict do nothing
    returning id`.execute(trx);
  const stored = new Set(inserted.rows.map((r) => r.id));
  const raws = pending.filter((p) => stored.has(p.id) && p.item.parsed.raw);
  for (const p of raws) {
    await sql`update mail_messages set raw = ${p.item.parsed.raw} where id = ${p.id}`.execute(trx);
  }
  return stored;
}

/** Attachment rows of the stored messages (their bytes are already in the files store), in one statement. */
async function insertAttachments(trx: Transaction<DB>, done: Pending[]) {
  const attachments = done.flatMap((p) =>
    p.item.parsed.attachments.map((a, position) => ({
      message_id: p.id,
      position,
      filename: a.filename,
      content_type: a.contentType,
      size_bytes: a.size,
      // Names the stored blob (downloads, forwards); null when the bytes were not kept.
      sha256: a.stored ? a.sha256 : null,
      content_id: a.contentId,
      inline: a.inline,
    })),
  );
  if (attachments.length > 0) {
    await sql`
      insert into mail_attachments (message_id, position, filename, content_type, size_bytes, sha256, content_id, inline)
      select * from jsonb_to_recordset(${JSON.stringify(attachments)}::jsonb) as x(message_id uuid, position integer,
        filename text, content_type text, size_bytes bigint, sha256 text, content_id text, inline boolean)`.execute(
      trx,
    );
  }
}

/** One message (the CRM's outgoing copy): `storeBatch` of one. */
export async function storeMessage(
  trx: Transaction<DB>,
  input: { mailbox: MailboxRef; folder: FolderRef | null; actorId: string | null } & BatchItem,
): Promise<StoreResult> {
  const [r] = await storeBatch(trx, input.mailbox, input.folder, [input], input.actorId);
  return r as StoreResult;
}
