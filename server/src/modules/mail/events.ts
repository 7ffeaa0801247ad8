import { z } from "zod";
import { defineChangeEvents } from "../../platform/events/catalogue.js";

const address = z.strictObject({ name: z.string(), address: z.string() });
const link = z.strictObject({ entity: z.string(), id: z.uuid() });

/** A message as its events carry it (no bodies: consumers read the row when they need them). */
export const mailMessageChanges = z.strictObject({
  mailboxId: z.uuid(),
  threadId: z.uuid(),
  messageId: z.string(),
  subject: z.string(),
  from: z.array(address),
  to: z.array(address),
  sentAt: z.string(),
  direction: z.enum(["in", "out"]),
  links: z.array(link),
});

export const mailMessageEvents = defineChangeEvents("mailMessages", {
  receive: [
    mailMessageChanges,
    "A message was synced into a mailbox (received, or found in its Sent folder).",
  ],
  send: [mailMessageChanges, "The CRM sent a message over the mailbox's SMTP server."],
});

const threadLinkChanges = z.strictObject({
  mailboxId: z.uuid(),
  entity: z.string(),
  recordId: z.uuid(),
  source: z.string(),
});

export const mailThreadEvents = defineChangeEvents("mailThreads", {
  link: [threadLinkChanges, "A conversation was linked to a record (by a user or automatically)."],
  unlink: [threadLinkChanges, "A user removed a conversation's link to a record."],
});

const mailboxChanges = z.strictObject({
  name: z.string(),
  address: z.string(),
  kind: z.enum(["personal", "shared"]),
  ownerId: z.uuid().nullable(),
  teamIds: z.array(z.uuid()).optional(),
});

/** Passwords never travel in events. */
export const mailboxEvents = defineChangeEvents("mailboxes", {
  create: [mailboxChanges, "A mailbox was connected."],
  update: [mailboxChanges, "A mailbox's settings or team grants changed."],
  delete: [mailboxChanges, "A mailbox was disconnected."],
});

export const mailEvents = [...mailMessageEvents, ...mailThreadEvents, ...mailboxEvents];
