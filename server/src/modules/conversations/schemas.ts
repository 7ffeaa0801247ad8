import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { recordLink } from "../../platform/records/links.js";

const address = z.object({ name: z.string().nullable(), address: z.string() });
const noNul = (s: string) => !s.includes("\u0000");

const emailAddress = z
  .string()
  .trim()
  .max(320)
  .refine(noNul, "NUL bytes are not allowed.")
  .pipe(z.email({ message: "Use an e-mail address such as name@example.com." }));
const recipientInput = z.strictObject({
  address: emailAddress,
  name: z.string().max(200).refine(noNul, "NUL bytes are not allowed.").nullable().optional(),
});
const recipients = z.array(recipientInput).max(100);

export const SEND_STATUSES = ["scheduled", "queued", "sending", "sent", "failed"] as const;

export const conversationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  mailboxId: z.uuid().optional(),
  linked: z
    .enum(["true", "false"])
    .optional()
    .describe("`true`: threads linked to a record; `false`: not linked."),
  unread: z.enum(["true"]).optional().describe("Only threads with messages you have not read."),
  assigned: z.enum(["me"]).optional().describe("Only threads assigned to you."),
  record: z
    .string()
    .regex(/^[a-z_]{1,40}:[0-9a-fA-F-]{36}$/)
    .optional()
    .describe("`<entity>:<id>`: threads linked to this record (it must be readable)."),
});
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export const conversationSummary = z.object({
  id: z.string(),
  mailboxId: z.string(),
  subject: z.string().nullable(),
  participants: z.array(address),
  lastMessageAt: z.string(),
  messageCount: z.number().int(),
  unread: z.boolean(),
  assignedTo: z.string().nullable(),
  private: z.boolean(),
  restricted: z
    .boolean()
    .describe("The owner marked the thread private and you see it only through a linked record: no bodies."),
  snippet: z.string().nullable(),
  links: z.array(recordLink),
  lastSendStatus: z.enum(SEND_STATUSES).nullable(),
});

export const conversationListResponse = z.object({
  items: z.array(conversationSummary),
  nextCursor: z.string().nullable(),
});

export const attachmentView = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  downloadUrl: z.string().nullable(),
});

export const messageView = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  direction: z.enum(["in", "out"]),
  from: z.array(address),
  to: z.array(address),
  cc: z.array(address),
  subject: z.string().nullable(),
  sentAt: z.string(),
  text: z.string().nullable().describe("The reply without the quoted history."),
  quoted: z.string().nullable().describe("The quoted history (shown collapsed)."),
  html: z.string().nullable().describe("Sanitized HTML; show it in a sandboxed frame."),
  hasRemoteImages: z.boolean(),
  attachments: z.array(attachmentView),
  sendStatus: z.enum(SEND_STATUSES).nullable(),
  sendError: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  sentBy: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageView>;

export const conversationDetail = conversationSummary.extend({ messages: z.array(messageView) });

export const conversationPatch = z.strictObject({
  read: z.boolean().optional(),
  assignedTo: z.uuid().nullable().optional(),
  private: z
    .boolean()
    .optional()
    .describe("Only the mailbox's owner (or an admin of a shared mailbox) may set it."),
});

export const linkBody = recordLink;
export const linkParams = z.strictObject({
  id: z.uuid(),
  entity: z.string().regex(/^[a-z_]{1,40}$/),
  recordId: z.uuid(),
});

const attachmentInput = z.union([
  z.strictObject({ fileId: z.uuid().describe("A file of a record you may read (`/api/v1/files`).") }),
  z.strictObject({ uploadId: z.uuid().describe("Your upload (`POST /api/v1/conversations/uploads`).") }),
]);
export type AttachmentInput = z.infer<typeof attachmentInput>;

const composeFields = {
  to: recipients,
  cc: recipients.default([]),
  bcc: recipients.default([]),
  subject: z.string().max(998).refine(noNul, "NUL bytes are not allowed."),
  html: z.string().max(500_000).refine(noNul, "NUL bytes are not allowed."),
  attachments: z.array(attachmentInput).max(20).default([]),
  sendAt: isoDateTime.optional().describe("Send later: the job runs at this time."),
  includeSignature: z.boolean().default(true),
};

export const replyBody = z.strictObject({
  mode: z.enum(["reply", "replyAll", "forward"]),
  parentId: z.uuid().describe("The message answered or forwarded."),
  ...composeFields,
  to: recipients
    .optional()
    .describe("Default: the parent's sender (reply) or its sender and recipients (replyAll)."),
  subject: composeFields.subject.optional(),
});
export type ReplyInput = z.infer<typeof replyBody>;

export const newConversationBody = z.strictObject({
  mailboxId: z.uuid(),
  ...composeFields,
  to: recipients.min(1),
  links: z.array(recordLink).max(20).default([]),
});
export type NewConversationInput = z.infer<typeof newConversationBody>;

export const messageParams = z.strictObject({ id: z.uuid(), messageId: z.uuid() });

export const sendResponse = z.object({ conversationId: z.string(), message: messageView });

export const signatureView = z.object({ mailboxId: z.string().nullable(), html: z.string() });
export const signaturesResponse = z.object({ items: z.array(signatureView) });
export const signatureBody = z.strictObject({
  mailboxId: z.uuid().nullable().describe("null: your default signature for every mailbox."),
  html: z.string().max(20_000).refine(noNul, "NUL bytes are not allowed."),
});

export const uploadQuery = z.strictObject({
  name: z.string().min(1).max(255).refine(noNul, "NUL bytes are not allowed."),
});
export const uploadResponse = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});
