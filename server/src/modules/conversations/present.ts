import type { RecordLink } from "../../platform/records/links.js";
import type { AttachmentRow, MessageRow, ThreadRow } from "./repository.js";
import type { MessageView } from "./schemas.js";

type Addr = { name: string | null; address: string };

const addresses = (v: unknown): Addr[] =>
  Array.isArray(v)
    ? v.flatMap((a) =>
        a && typeof a === "object" && typeof (a as Addr).address === "string"
          ? [{ name: (a as Addr).name ?? null, address: (a as Addr).address }]
          : [],
      )
    : [];

type SendStatus = MessageView["sendStatus"];

/** `queued` with a time in the future shows as `scheduled` (send later). */
export function sendStatusOf(status: string | null, scheduledAt: Date | null, now = new Date()): SendStatus {
  if (status === null) return null;
  if (status === "queued" && scheduledAt && scheduledAt > now) return "scheduled";
  return status as SendStatus;
}

export function presentSummary(t: ThreadRow, links: RecordLink[], lastStatus: string | null) {
  const unread = t.read_through === null || t.read_through < t.last_message_at;
  return {
    id: t.id,
    mailboxId: t.mailbox_id,
    subject: t.subject || null,
    participants: addresses(t.participants),
    lastMessageAt: t.last_message_at.toISOString(),
    messageCount: t.message_count,
    unread,
    assignedTo: t.assignee_id,
    private: t.is_private,
    restricted: !t.bodies,
    snippet: t.bodies ? t.snippet || null : null,
    links,
    lastSendStatus: t.bodies ? sendStatusOf(lastStatus, null) : null,
  };
}

export function presentMessage(threadId: string, m: MessageRow, attachments: AttachmentRow[]): MessageView {
  return {
    id: m.id,
    messageId: m.message_id,
    direction: m.direction as "in" | "out",
    from: addresses(m.from),
    to: addresses(m.to),
    cc: addresses(m.cc),
    subject: m.subject || null,
    sentAt: m.sent_at.toISOString(),
    text: m.reply_text || m.text_body || null,
    quoted: m.has_quoted ? m.text_body : null,
    html: m.html_body,
    hasRemoteImages: m.has_remote_images,
    attachments: attachments.map((a) => ({
      id: a.id,
      name: a.filename,
      contentType: a.content_type,
      size: Number(a.size_bytes),
      downloadUrl: a.sha256 ? `/api/v1/conversations/${threadId}/attachments/${a.id}` : null,
    })),
    sendStatus: sendStatusOf(m.send_status, m.scheduled_at),
    sendError: m.send_error,
    scheduledAt: m.scheduled_at?.toISOString() ?? null,
    sentBy: m.sent_by,
  };
}
