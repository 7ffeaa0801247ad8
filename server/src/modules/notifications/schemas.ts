import { z } from "zod";

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  titleKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  title: z.string().describe("Rendered in the recipient's language and time zone"),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export const notificationIdParams = z.strictObject({
  id: z.string().regex(/^\d{1,18}$/, "Not a notification id."),
});

export const notificationUpdateBody = z.strictObject({
  read: z.boolean().describe("true marks the notification read, false unread again"),
});

export const notificationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const notificationListResponse = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

export const streamQuery = z.strictObject({
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
