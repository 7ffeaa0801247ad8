import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { PRESET_NAMES } from "./presets.js";

const noNul = (s: string) => !s.includes("\0");
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, "A host name or IP address.");
const tls = z
  .enum(["tls", "starttls", "none"])
  .describe("tls: implicit TLS (993/465); starttls: upgrade (143/587)");
export const endpoint = z.strictObject({ host, port: z.int().min(1).max(65535), tls });
const preset = z.enum([...PRESET_NAMES, "custom"] as unknown as [string, ...string[]]);

const common = {
  name: z.string().trim().min(1).max(200).refine(noNul, "No NUL characters."),
  address: z.email().max(320).describe("The mailbox's e-mail address"),
  preset: preset
    .optional()
    .describe("Fills imap/smtp for gmail, yandex, mailru, microsoft; custom: give both"),
  imap: endpoint.optional(),
  smtp: endpoint.optional(),
  username: z
    .string()
    .min(1)
    .max(320)
    .refine(noNul, "No NUL characters.")
    .optional()
    .describe("Default: the address"),
  password: z
    .string()
    .min(1)
    .max(1000)
    .refine(noNul, "No NUL characters.")
    .describe("Write-only (app password)"),
  backfillDays: z.int().min(0).max(3650).optional().describe("Days of past mail to import; default 90"),
  autoCreateContacts: z.boolean().optional().describe("Create a contact for each unknown sender"),
  autoCreateDeals: z
    .boolean()
    .optional()
    .describe(
      "With autoCreateContacts: also a deal for each contact created, titled by the letter's subject",
    ),
  signatureHtml: z.string().max(20_000).nullable().optional(),
};

export const createMailboxBody = z.strictObject({
  kind: z.enum(["personal", "shared"]).optional().describe("personal (default): yours; shared: admins only"),
  ...common,
  teamIds: z.array(z.uuid()).max(100).optional().describe("Shared mailboxes: teams that may read it"),
});
export type CreateMailboxInput = z.infer<typeof createMailboxBody>;

export const updateMailboxBody = z.strictObject({
  name: common.name.optional(),
  address: common.address.optional(),
  preset: common.preset,
  imap: common.imap,
  smtp: common.smtp,
  username: common.username,
  password: common.password.optional(),
  backfillDays: common.backfillDays,
  autoCreateContacts: common.autoCreateContacts,
  autoCreateDeals: common.autoCreateDeals,
  signatureHtml: common.signatureHtml,
  enabled: z.boolean().optional().describe("false pauses syncing; true resumes it"),
  teamIds: z.array(z.uuid()).max(100).optional(),
});
export type UpdateMailboxInput = z.infer<typeof updateMailboxBody>;

export const testMailboxBody = z.strictObject({
  address: common.address,
  preset: common.preset,
  imap: common.imap,
  smtp: common.smtp,
  username: common.username,
  password: common.password.optional().describe("Omit with mailboxId to test the stored password"),
  mailboxId: z.uuid().optional(),
});

const endpointOut = z.object({ host: z.string(), port: z.number().int(), tls });
export const mailboxSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["personal", "shared"]),
  ownerId: z.uuid().nullable(),
  name: z.string(),
  address: z.string(),
  preset: z.string().nullable(),
  imap: endpointOut,
  smtp: endpointOut,
  username: z.string(),
  hasPassword: z.literal(true),
  signatureHtml: z.string().nullable(),
  state: z.enum(["pending", "backfilling", "live", "error", "paused"]),
  lastError: z.object({ code: z.string(), message: z.string(), at: isoDateTime.nullable() }).nullable(),
  failures: z.number().int(),
  nextAttemptAt: isoDateTime.nullable(),
  backfill: z.object({
    days: z.number().int(),
    total: z.number().int(),
    done: z.number().int(),
    completedAt: isoDateTime.nullable(),
  }),
  lastSyncedAt: isoDateTime.nullable(),
  autoCreateContacts: z.boolean(),
  autoCreateDeals: z.boolean(),
  teamIds: z.array(z.uuid()),
  canManage: z.boolean().describe("The caller may edit, test, pause or delete it"),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type MailboxOut = z.infer<typeof mailboxSchema>;
export const mailboxList = z.object({ items: z.array(mailboxSchema) });

export const presetList = z.object({
  items: z.array(z.object({ name: z.string(), imap: endpointOut, smtp: endpointOut })),
});

export const unknownSendersQuery = z.strictObject({
  mailboxId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const unknownSender = z.object({
  mailboxId: z.uuid(),
  address: z.string(),
  name: z.string().nullable(),
  domain: z.string(),
  firstSeenAt: isoDateTime,
  lastSeenAt: isoDateTime,
  messageCount: z.number().int(),
  lastThreadId: z.uuid().nullable(),
});
export const unknownSenderList = z.object({
  items: z.array(unknownSender),
  nextCursor: z.string().nullable(),
});
export const dismissUnknownBody = z.strictObject({ mailboxId: z.uuid(), address: z.email().max(320) });

export const threadLinkBody = z.strictObject({
  entity: z.string().regex(/^[a-z_]{1,40}$/),
  recordId: z.uuid(),
});
export const threadLinkParams = z.strictObject({
  id: z.uuid(),
  entity: z.string().regex(/^[a-z_]{1,40}$/),
  recordId: z.uuid(),
});
export const threadLinksSchema = z.object({
  items: z.array(
    z.object({
      entity: z.string(),
      recordId: z.uuid(),
      source: z.string(),
      linkedBy: z.uuid().nullable(),
      createdAt: isoDateTime,
    }),
  ),
});
