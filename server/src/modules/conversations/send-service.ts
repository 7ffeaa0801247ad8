import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { assertReadableLinks } from "../../platform/records/links.js";
import {
  type Address,
  forwardSubject,
  htmlToText,
  newMessageId,
  quoteOriginal,
  replyRecipients,
  replyReferences,
  replySubject,
  sanitizeOutgoingHtml,
} from "./compose.js";
import {
  insertAttachments,
  insertOutgoing,
  insertThread,
  type MailboxRow,
  refreshThread,
} from "./outgoing-repository.js";
import { presentMessage } from "./present.js";
import {
  attachmentsOf,
  findMessage,
  findThread,
  linkThread,
  markRead,
  sendableMailbox,
} from "./repository.js";
import type { AttachmentInput, NewConversationInput, ReplyInput } from "./schemas.js";
import { SEND_JOB } from "./send-job.js";
import { signatureFor } from "./signatures.js";
import { ownUpload } from "./uploads.js";

type Trx = Transaction<DB>;

/** A file going with a letter: its blob in the files store (`sha256`) and, when it is a record's file, its id. */
export interface AttachableFile {
  fileId: string | null;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}
/** A record's file the caller may read (null otherwise), from the files module. */
export type DescribeRecordFile = (
  trx: Trx,
  ctx: RequestContext,
  fileId: string,
) => Promise<AttachableFile | null>;

export interface SendServiceDeps {
  jobs: JobQueue;
  describeRecordFile: DescribeRecordFile;
}

const stripId = (id: string) => id.replace(/^<|>$/g, "");
const addrList = (v: unknown) => (Array.isArray(v) ? (v as Address[]) : []);
const recipient = (r: { address: string; name?: string | null | undefined }): Address => ({
  address: r.address,
  name: r.name ?? null,
});

async function resolveAttachments(
  trx: Trx,
  ctx: RequestContext,
  deps: SendServiceDeps,
  refs: AttachmentInput[],
) {
  const out: AttachableFile[] = [];
  for (const [i, a] of refs.entries()) {
    const file =
      "fileId" in a
        ? await deps.describeRecordFile(trx, ctx, a.fileId)
        : await ownUpload(trx, ctx.actor.userId, a.uploadId);
    if (!file) {
      const key = "fileId" in a ? "fileId" : "uploadId";
      throw ValidationError.field(
        `body.attachments.${i}.${key}`,
        "No file with this id that you may read.",
        "file_not_found",
      );
    }
    out.push(file);
  }
  return out;
}

function composeHtml(userHtml: string, signature: string | null, quoted: string | null) {
  const body = sanitizeOutgoingHtml(userHtml);
  const sig = signature ? `<div data-signature="">-- <br>${sanitizeOutgoingHtml(signature)}</div>` : "";
  const full = sanitizeOutgoingHtml(`${body}${sig}${quoted ?? ""}`);
  return { html: full, replyText: htmlToText(`${body}${sig}`), text: htmlToText(full) };
}

async function queue(
  trx: Trx,
  ctx: RequestContext,
  deps: SendServiceDeps,
  mailbox: MailboxRow,
  threadId: string,
  input: {
    to: Address[];
    cc: Address[];
    bcc: Address[];
    subject: string;
    html: string;
    quoted: string | null;
    inReplyTo: string | null;
    references: string[];
    files: AttachableFile[];
    sendAt: string | undefined;
    includeSignature: boolean;
  },
) {
  if (input.to.length + input.cc.length + input.bcc.length === 0) {
    throw ValidationError.field("body.to", "Name at least one recipient.", "recipients_required");
  }
  const scheduledAt = input.sendAt ? new Date(input.sendAt) : null;
  if (scheduledAt && scheduledAt.getTime() > Date.now() + 366 * 86_400_000) {
    throw ValidationError.field("body.sendAt", "Schedule at most a year ahead.", "send_at_too_late");
  }
  const signature = input.includeSignature ? await signatureFor(trx, ctx.actor.userId, mailbox) : null;
  const composed = composeHtml(input.html, signature, input.quoted);
  const row = await insertOutgoing(trx, {
    mailboxId: mailbox.id,
    threadId,
    messageId: stripId(newMessageId(mailbox.address)),
    inReplyTo: input.inReplyTo,
    references: input.references,
    from: { name: mailbox.name, address: mailbox.address },
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    subject: input.subject,
    html: composed.html,
    text: composed.text,
    replyText: composed.replyText,
    hasQuoted: input.quoted !== null,
    scheduledAt: scheduledAt && scheduledAt > new Date() ? scheduledAt : null,
    sentBy: ctx.actor.userId,
  });
  await insertAttachments(trx, row.id, input.files);
  await refreshThread(trx, threadId);
  const thread = await trx
    .selectFrom("mail_threads")
    .select("last_message_at")
    .where("id", "=", threadId)
    .executeTakeFirstOrThrow();
  await markRead(trx, ctx.actor.userId, threadId, thread.last_message_at);
  await deps.jobs.sendWith(
    trx,
    SEND_JOB,
    { messageId: row.id },
    scheduledAt ? { startAfter: scheduledAt } : {},
  );
  const attachments = (await attachmentsOf(trx, [row.id])).get(row.id) ?? [];
  return { conversationId: threadId, message: presentMessage(threadId, row, attachments) };
}

/** Reply, reply-all or forward within a thread, from the thread's mailbox (which the caller must use). */
export async function sendInThread(
  trx: Trx,
  ctx: RequestContext,
  deps: SendServiceDeps,
  threadId: string,
  input: ReplyInput,
) {
  const t = await findThread(trx, ctx.actor, threadId, { forUpdate: true });
  if (!t) throw new NotFoundError("Conversation");
  const mailbox = await sendableMailbox(trx, ctx.actor, t.mailbox_id);
  if (!mailbox)
    throw new ForbiddenError("mailbox_access_required", "You may not send from this thread's mailbox.");
  const parent = await findMessage(trx, threadId, input.parentId);
  if (!parent)
    throw ValidationError.field("body.parentId", "No such message in this thread.", "message_not_found");
  const p = {
    from: addrList(parent.from),
    replyTo: addrList(parent.reply_to),
    to: addrList(parent.to),
    cc: addrList(parent.cc),
    direction: parent.direction as "in" | "out",
  };
  const forward = input.mode === "forward";
  const defaults = forward
    ? { to: [], cc: [] }
    : replyRecipients(p, mailbox.address, input.mode === "replyAll");
  const to = input.to ? input.to.map(recipient) : defaults.to;
  const cc = input.to ? input.cc.map(recipient) : [...defaults.cc, ...input.cc.map(recipient)];
  const files = await resolveAttachments(trx, ctx, deps, input.attachments);
  if (forward) {
    // A forward carries the original's attachments too.
    const originals = (await attachmentsOf(trx, [parent.id])).get(parent.id) ?? [];
    for (const a of originals) {
      if (a.sha256 && !a.inline) {
        files.push({
          fileId: a.file_id,
          name: a.filename,
          contentType: a.content_type,
          size: Number(a.size_bytes),
          sha256: a.sha256,
        });
      }
    }
  }
  const quoted = quoteOriginal(forward ? "forward" : "reply", {
    from: p.from,
    to: p.to,
    sentAt: parent.sent_at,
    subject: parent.subject,
    html: parent.html_body,
    text: parent.text_body,
  });
  return queue(trx, ctx, deps, mailbox, threadId, {
    to,
    cc,
    bcc: input.bcc.map(recipient),
    subject: input.subject ?? (forward ? forwardSubject(parent.subject) : replySubject(parent.subject)),
    html: input.html,
    quoted,
    inReplyTo: forward ? null : parent.message_id,
    references: forward
      ? []
      : replyReferences({ messageId: parent.message_id, references: parent.references }),
    files,
    sendAt: input.sendAt,
    includeSignature: input.includeSignature,
  });
}

/** A new letter: a new thread in the chosen mailbox, linked to the given records (readable by the caller). */
export async function startConversation(
  trx: Trx,
  ctx: RequestContext,
  deps: SendServiceDeps,
  input: NewConversationInput,
) {
  const mailbox = await sendableMailbox(trx, ctx.actor, input.mailboxId);
  if (!mailbox)
    throw ValidationError.field(
      "body.mailboxId",
      "No mailbox you may send from has this id.",
      "mailbox_not_found",
    );
  const links = await assertReadableLinks(trx, ctx.actor, input.links, "body.links");
  const files = await resolveAttachments(trx, ctx, deps, input.attachments);
  const at = input.sendAt && new Date(input.sendAt) > new Date() ? new Date(input.sendAt) : new Date();
  const threadId = await insertThread(trx, mailbox.id, input.subject, at);
  for (const link of links) await linkThread(trx, threadId, link, ctx.actor.userId, at);
  return queue(trx, ctx, deps, mailbox, threadId, {
    to: input.to.map(recipient),
    cc: input.cc.map(recipient),
    bcc: input.bcc.map(recipient),
    subject: input.subject,
    html: input.html,
    quoted: null,
    inReplyTo: null,
    references: [],
    files,
    sendAt: input.sendAt,
    includeSignature: input.includeSignature,
  });
}

/** Queues a failed letter again (same row, same Message-ID). */
export async function retrySend(
  trx: Trx,
  ctx: RequestContext,
  jobs: JobQueue,
  threadId: string,
  messageId: string,
) {
  const t = await findThread(trx, ctx.actor, threadId, { forUpdate: true });
  if (!t) throw new NotFoundError("Conversation");
  if (!(await sendableMailbox(trx, ctx.actor, t.mailbox_id))) {
    throw new ForbiddenError("mailbox_access_required", "You may not send from this thread's mailbox.");
  }
  const m = await findMessage(trx, threadId, messageId);
  if (!m) throw new NotFoundError("Message");
  if (m.send_status !== "failed") throw new ConflictError("not_failed", "Only a failed send can be retried.");
  const row = await trx
    .updateTable("mail_messages")
    .set({ send_status: "queued", send_error: null, scheduled_at: null })
    .where("id", "=", messageId)
    .where("send_status", "=", "failed")
    .returningAll()
    .executeTakeFirstOrThrow();
  await jobs.sendWith(trx, SEND_JOB, { messageId });
  const attachments = (await attachmentsOf(trx, [row.id])).get(row.id) ?? [];
  return { conversationId: threadId, message: presentMessage(threadId, row, attachments) };
}

/** Cancels a letter scheduled for later that has not started sending (its row is removed). */
export async function cancelScheduled(trx: Trx, ctx: RequestContext, threadId: string, messageId: string) {
  const t = await findThread(trx, ctx.actor, threadId, { forUpdate: true });
  if (!t || !(await sendableMailbox(trx, ctx.actor, t.mailbox_id))) throw new NotFoundError("Conversation");
  const r = await trx
    .deleteFrom("mail_messages")
    .where("id", "=", messageId)
    .where("thread_id", "=", threadId)
    .where("send_status", "in", ["queued", "failed"])
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0)
    throw new ConflictError("not_cancellable", "Only a letter not sent yet can be cancelled.");
  const left = await trx
    .selectFrom("mail_messages")
    .select("id")
    .where("thread_id", "=", threadId)
    .executeTakeFirst();
  if (left) await refreshThread(trx, threadId);
  else await trx.deleteFrom("mail_threads").where("id", "=", threadId).execute();
}
