import { z } from "zod";
import { isoDateTime, listQuery } from "../../platform/http/schemas.js";
import { webhookFilter } from "./filter.js";

const selector = z
  .string()
  .regex(/^[a-z][a-z0-9_]*\.([a-z][a-zA-Z0-9_]*|\*)$/, 'Use "<entity>.<action>" or "<entity>.*".');

export const eventTypes = z
  .array(selector)
  .min(1)
  .max(200)
  .describe('Event types, e.g. "deals.update" or "deals.*" (GET /api/v1/webhooks/event-types).');

const url = z.string().trim().min(1).max(2000).describe("http(s) URL that receives the signed POSTs.");
const description = z
  .string()
  .trim()
  .max(500)
  .refine((s) => !s.includes("\u0000"), "No NUL characters.");

export const createWebhookBody = z.strictObject({
  url,
  description: description.default(""),
  eventTypes,
  filter: webhookFilter.nullable().default(null),
  enabled: z.boolean().default(true),
});

export const updateWebhookBody = z.strictObject({
  url: url.optional(),
  description: description.optional(),
  eventTypes: eventTypes.optional(),
  filter: webhookFilter.nullable().optional(),
  enabled: z.boolean().optional().describe("Enabling again clears an automatic disable."),
});

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  filter: webhookFilter.nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why the server disabled it (repeated failure), if it did."),
  disabledAt: isoDateTime.nullable(),
  failingSince: isoDateTime.nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const webhookWithSecret = webhookSchema.extend({
  secret: z.string().describe("The signing secret (whsec_…): shown only now; the server keeps it encrypted."),
});

export const webhookParams = z.strictObject({ id: z.uuid() });
export const deliveryParams = z.strictObject({ id: z.uuid(), deliveryId: z.uuid() });

export const deliveriesQuery = listQuery.extend({
  status: z.enum(["pending", "succeeded", "failed", "skipped"]).optional(),
});

export const attemptSchema = z.object({
  attempt: z.number().int(),
  manual: z.boolean(),
  attemptedAt: isoDateTime,
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  responseHeaders: z.record(z.string(), z.string()).nullable(),
  responseBody: z.string().nullable().describe("The first 4 KiB of the answer."),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

export const deliverySchema = z.object({
  id: z.uuid(),
  msgId: z.string().describe("The `webhook-id` header: the same for every attempt of this message."),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "succeeded", "failed", "skipped"]),
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  lastAttempt: attemptSchema.nullable(),
});

export const deliveryDetailSchema = deliverySchema.extend({ attemptLog: z.array(attemptSchema) });

export const eventTypeSchema = z.object({
  type: z.string(),
  entity: z.string(),
  action: z.string(),
  description: z.string(),
});

export type CreateWebhookInput = z.output<typeof createWebhookBody>;
export type UpdateWebhookInput = z.output<typeof updateWebhookBody>;
export type WebhookDto = z.output<typeof webhookSchema>;
export type DeliveryDto = z.output<typeof deliverySchema>;
export type AttemptDto = z.output<typeof attemptSchema>;
