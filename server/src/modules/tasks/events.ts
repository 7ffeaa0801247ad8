import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

/** A task's audited fields; `links` as `entity:id` strings, `dueAt` a date for all-day tasks. */
export const taskChanges = fieldChanges({
  title: z.string(),
  description: z.string(),
  type: z.string(),
  status: z.enum(["open", "done", "cancelled"]),
  priority: z.enum(["low", "normal", "high", "urgent"]),
  dueAt: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number(),
  reminders: z.array(z.number()),
  location: z.string(),
  participants: z.array(z.record(z.string(), z.unknown())),
  result: z.string(),
  completedAt: z.string(),
  ownerId: z.uuid(),
  links: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
});

export const taskEvents = defineChangeEvents("tasks", {
  create: [taskChanges, "A task was created."],
  update: [taskChanges, "A task's fields changed."],
  complete: [taskChanges, "A task was marked done (`status`, `result`, `completedAt`)."],
  reschedule: [taskChanges, "A task got a new due time."],
  delete: [fieldChanges({ title: z.string() }), "A task was deleted (`title` before, `null` after)."],
});
