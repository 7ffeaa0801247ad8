import { z } from "zod";
import { isoDate, isoDateTime, listResponse } from "../../platform/http/schemas.js";
import { entityListQuery } from "../../platform/query/schemas.js";
import { recordLink, recordLinks } from "../../platform/records/links.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";
import { customValues } from "../../platform/records/value-schemas.js";

export const BUILTIN_TASK_TYPES = ["call", "email", "meeting", "todo"] as const;
export const MAX_REMINDER_MINUTES = 60 * 24 * 30;

export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: "Use an IANA time zone such as Europe/Moscow." });

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return /^[A-Za-z0-9_+\-/]+$/.test(tz);
  } catch {
    return false;
  }
}

const reminders = z
  .array(
    z
      .number()
      .int()
      .min(0, "A reminder cannot be after the due time.")
      .max(MAX_REMINDER_MINUTES, `At most ${MAX_REMINDER_MINUTES} minutes (30 days) before.`),
  )
  .max(10)
  .refine((a) => new Set(a).size === a.length, { message: "Each reminder offset once." });

const participant = z
  .strictObject({
    userId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    name: z.string().max(200).optional(),
    email: z.email().optional(),
  })
  .refine((p) => p.userId || p.contactId || p.name || p.email, { message: "Name the participant." });

/** A date (all-day task) or a date-time with offset. */
const dueAt = z.union([isoDateTime, isoDate]);

export const taskCreateBody = z.strictObject({
  title: z.string().trim().min(1).max(500),
  description: z.string().max(20_000).optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .default("todo"),
  dueAt: dueAt.nullable().optional(),
  timeZone: timeZone.optional(),
  durationMinutes: z.number().int().min(1).max(100_000).nullable().optional(),
  priority: z.enum(["low", "normal", "high", "urgent"]).default("normal"),
  reminders: reminders.optional(),
  links: recordLinks.optional(),
  ownerId: z.uuid().optional(),
  location: z.string().max(500).nullable().optional(),
  participants: z.array(participant).max(100).optional(),
  custom: customValues.optional(),
});
export type TaskCreateInput = z.infer<typeof taskCreateBody>;

export const taskUpdateBody = z.strictObject({
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(20_000).optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .optional(),
  dueAt: dueAt.nullable().optional(),
  timeZone: timeZone.optional(),
  durationMinutes: z.number().int().min(1).max(100_000).nullable().optional(),
  priority: z.enum(["low", "normal", "high", "urgent"]).optional(),
  reminders: reminders.optional(),
  links: recordLinks.optional(),
  ownerId: z.uuid().optional(),
  location: z.string().max(500).nullable().optional(),
  participants: z.array(participant).max(100).optional(),
  status: z.enum(["open", "cancelled"]).optional(),
  result: z.string().max(20_000).nullable().optional(),
  custom: customValues.optional(),
});
export type TaskUpdateInput = z.infer<typeof taskUpdateBody>;

export const completeBody = z.strictObject({ result: z.string().max(20_000).optional() });
export const rescheduleBody = z.strictObject({ dueAt, timeZone: timeZone.optional() });

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.string(),
  status: z.enum(["open", "done", "cancelled"]),
  priority: z.enum(["low", "normal", "high", "urgent"]),
  dueAt: z.string().nullable().describe("ISO date-time, or a date for all-day tasks"),
  allDay: z.boolean(),
  timeZone: z.string(),
  overdue: z.boolean(),
  durationMinutes: z.number().nullable(),
  reminders: z.array(z.number()),
  location: z.string().nullable(),
  participants: z.array(
    z.object({
      userId: z.string().optional(),
      contactId: z.string().optional(),
      name: z.string().optional(),
      email: z.string().optional(),
    }),
  ),
  result: z.string().nullable(),
  completedAt: z.string().nullable(),
  ownerId: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: z.array(recordLink),
  custom: z.record(z.string(), z.unknown()).describe("Custom field values (hidden ones removed)."),
});
export type TaskView = z.infer<typeof taskSchema>;

/**
 * The response: fields a role's field rules may hide (the registered `TASK_FIELDS`) are optional, since
 * `presentTask` removes them for that role.
 */
export const taskResponse = taskSchema
  .partial({
    title: true,
    description: true,
    type: true,
    status: true,
    priority: true,
    dueAt: true,
    completedAt: true,
    ownerId: true,
    createdBy: true,
    createdAt: true,
    updatedAt: true,
  })
  .extend({ permissions: recordPermissionsSchema.optional() });
export type TaskResponse = z.infer<typeof taskResponse>;

export const taskListQuery = entityListQuery.extend({
  view: z.enum(["overdue", "today", "upcoming", "done", "all"]).default("all"),
  linked: z.string().max(80).optional().describe("`companies:<id>`, `contacts:<id>` or `deals:<id>`"),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const taskListResponse = listResponse(taskResponse);

export const taskTypeSchema = z.object({
  key: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  isActive: z.boolean(),
  position: z.number(),
});
export const taskTypeCreateBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "Lowercase letters, digits and _, 2–40 characters."),
  name: z.string().trim().min(1).max(100),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const taskTypeUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  isActive: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
