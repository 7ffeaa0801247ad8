import { z } from "zod";
import { isoDateTime, listQuery, listResponse } from "../../platform/http/schemas.js";

export const auditEntrySchema = z.object({
  id: z.string(),
  occurredAt: isoDateTime,
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.uuid().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;

export const auditListQuery = listQuery.extend({
  actorId: z.uuid().optional(),
  action: z
    .string()
    .max(100)
    .optional()
    .describe("Action prefix: `record.` matches record.created, record.updated…"),
  entity: z.string().max(100).optional(),
  entityId: z.uuid().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const recordHistoryParams = z.strictObject({ entity: z.string().max(100), id: z.uuid() });

export const auditListResponse = listResponse(auditEntrySchema);
