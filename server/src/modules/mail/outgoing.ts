import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { sanitizeMailHtml, snippetOf, splitReply } from "./content.js";
import { storeMessage } from "./ingest.js";
import type { MailAddress } from "./parse.js";
import { stripAngles } from "./parse.js";

export interface OutgoingMessageInput {
  mailboxId: string;
  /** The Message-ID the CRM generated for the send (with or without <>). */
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  from: MailAddress[];
  to: MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  subject: string;
  text: string;
  html?: string | null;
  sendStatus: "queued" | "sending" | "sent" | "failed";
  scheduledAt?: Date | null;
  /** Put it in this thread (a reply from the conversation page); otherwise threaded by its references. */
  threadId?: string | null;
  sentAt?: Date;
}

/**
 * Stores a message the CRM sends in `mail_messages` through the same threading, linking and events as synced
 * mail (direction out, `send_status`); when the Sent folder sync later finds it (same Message-ID), that row only
 * gains its folder UID. Returns the row and thread ids.
 */
export async function storeOutgoingMessage(
  trx: Transaction<DB>,
  ctx: RequestContext,
  input: OutgoingMessageInput,
): Promise<{ id: string; threadId: string }> {
  const mailbox = await trx
    .selectFrom("mailboxes")
    .select(["id", "address", "username"])
    .where("id", "=", input.mailboxId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!mailbox) throw new NotFoundError("Mailbox");
  const html = input.html ? sanitizeMailHtml(input.html) : null;
  const split = splitReply(input.text);
  const r = await storeMessage(trx, {
    mailbox,
    folder: null,
    uid: null,
    direction: "out",
    actorId: ctx.actor.userId,
    parsed: {
      messageId: stripAngles(input.messageId),
      inReplyTo: input.inReplyTo ? stripAngles(input.inReplyTo) : null,
      references: (input.references ?? []).map(stripAngles),
      from: input.from,
      to: input.to,
      cc: input.cc ?? [],
      bcc: input.bcc ?? [],
      replyTo: [],
      subject: input.subject,
      sentAt: input.sentAt ?? new Date(),
      text: input.text,
      html: html?.html ?? null,
      hasRemoteImages: html?.hasRemoteImages ?? false,
      replyText: split.replyText,
      hasQuoted: split.hasQuoted,
      snippet: snippetOf(split.replyText || input.text),
      size: Buffer.byteLength(input.text),
      attachments: [],
      warning: null,
      raw: null,
    },
    outgoing: {
      sendStatus: input.sendStatus,
      sentBy: ctx.actor.userId,
      scheduledAt: input.scheduledAt ?? null,
      threadId: input.threadId ?? null,
    },
  });
  if (!r.id || !r.threadId) throw new NotFoundError("Message");
  return { id: r.id, threadId: r.threadId };
}
