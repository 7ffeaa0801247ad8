import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { recordLink, recordLinks } from "../../platform/records/links.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";

export const ACTIVITY_KINDS = ["call", "meeting", "note", "email", "sms"] as const;
/** Kinds of the items the platform writes from change events (a stage move, a task's result). */
export const isSystemKind = (kind: unknown): kind is "status_change" | "system" =>
  kind === "status_change" || kind === "system";
/** An item the platform wrote from a change event: nobody may change or delete it. */
export const isSystemItem = (row: { kind?: unknown }): boolean => isSystemKind(row.kind);

const httpUrl = z
  .url({ protocol: /^https?$/, message: "Use an http(s) URL." })
  .max(2000)
  .describe("Stored and shown as a link; the server never fetches it.");
const participants = z.strictObject({
  users: z.array(z.uuid()).max(100).default([]),
  contacts: z.array(z.uuid()).max(100).default([]),
});

/** Every writable field; which ones a kind accepts is checked in the service (`fieldsByKind`). */
export const activityFields = {
  occurredAt: isoDateTime.optional(),
  subject: z.string().max(1000).nullable().optional(),
  body: z.string().max(200_000).nullable().optional(),
  direction: z.enum(["in", "out"]).nullable().optional(),
  phone: z
    .string()
    .max(50)
    .nullable()
    .optional()
    .describe(
      "Calls: a valid phone number (+country code, or national in the region of your language); stored in E.164.",
    ),
  durationSeconds: z.number().int().min(0).max(1_000_000).nullable().optional(),
  outcome: z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .describe(
      "Calls: one of `reached`, `noAnswer`, `busy`, `voicemail`, `wrongNumber` (422 `invalid_outcome`); meetings: free text.",
    ),
  recordingUrl: httpUrl.nullable().optional(),
  startsAt: isoDateTime.nullable().optional(),
  endsAt: isoDateTime.nullable().optional(),
  place: z.string().max(500).nullable().optional(),
  participants: participants.optional(),
  from: z.string().max(500).nullable().optional(),
  to: z
    .string()
    .max(2000)
    .nullable()
    .optional()
    .describe("SMS: one valid phone number (stored in E.164, 422 `invalid_phone`); e-mails: the addresses."),
  links: recordLinks.optional(),
  ownerId: z.uuid().optional(),
};

export const activityCreateBody = z.strictObject({ kind: z.enum(ACTIVITY_KINDS), ...activityFields });
export type ActivityCreateInput = z.infer<typeof activityCreateBody>;
export const activityUpdateBody = z.strictObject(activityFields);
export type ActivityUpdateInput = z.infer<typeof activityUpdateBody>;

export const activitySchema = z.object({
  id: z.string(),
  kind: z.enum(["call", "meeting", "note", "email", "sms", "status_change", "system"]),
  occurredAt: z.string(),
  subject: z.string().nullable(),
  body: z.string().nullable().describe("Sanitized HTML"),
  direction: z.enum(["in", "out"]).nullable(),
  phone: z.string().nullable().describe("Calls: the number in E.164."),
  phoneRaw: z.string().nullable().describe("The number as it was typed."),
  durationSeconds: z.number().nullable(),
  outcome: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  place: z.string().nullable(),
  participants: z.object({ users: z.array(z.string()), contacts: z.array(z.string()) }),
  from: z.string().nullable(),
  to: z.string().nullable().describe("SMS: the number in E.164; e-mails: the addresses."),
  toRaw: z.string().nullable().describe("SMS: the number as it was typed."),
  event: z.record(z.string(), z.unknown()).nullable().describe("Payload of status_change and system items"),
  taskId: z.string().nullable(),
  ownerId: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: z.array(recordLink),
  permissions: recordPermissionsSchema.optional(),
});
export type ActivityView = z.infer<typeof activitySchema>;

/**
 * The response: fields a role's field rules may hide (the registered `ACTIVITY_FIELDS`) are optional, since
 * `presentActivity` removes them for that role.
 */
export const activityResponse = activitySchema.partial({
  kind: true,
  subject: true,
  direction: true,
  outcome: true,
  occurredAt: true,
  startsAt: true,
  ownerId: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
});
export type ActivityResponse = z.infer<typeof activityResponse>;

export const timelineParams = z.strictObject({
  entity: z.string().regex(/^[a-z_]{1,40}$/),
  id: z.uuid(),
});
export const timelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  kinds: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional()
    .describe("Comma-separated kinds to include, e.g. call,meeting,note"),
});
export const timelineResponse = z.object({
  items: z.array(activityResponse),
  nextCursor: z.string().nullable(),
});
