import type { Actor } from "../../platform/access/actor.js";
import type { RecordLink } from "../../platform/records/links.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { TaskRow } from "./repository.js";
import type { TaskResponse, TaskView } from "./schemas.js";

/** A task as the actor's role may see it (fields its field rules hide are removed). */
export function presentTask(actor: Actor, t: TaskRow, links: RecordLink[], now = new Date()): TaskResponse {
  return presentRecord(actor, "tasks", t, taskView(t, links, now));
}

function taskView(t: TaskRow, links: RecordLink[], now: Date): TaskView {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    type: t.type,
    status: t.status,
    priority: t.priority,
    dueAt: t.all_day ? t.due_date : (t.due_at?.toISOString() ?? null),
    allDay: t.all_day,
    timeZone: t.time_zone,
    overdue: t.status === "open" && t.overdue_at !== null && t.overdue_at <= now,
    durationMinutes: t.duration_minutes,
    reminders: t.reminders,
    location: t.location,
    participants: t.participants,
    result: t.result,
    completedAt: t.completed_at?.toISOString() ?? null,
    ownerId: t.owner_id,
    createdBy: t.created_by,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    links,
    custom: t.custom ?? {},
  };
}

/** The audited fields of a task, as the API names them (the change-event diff). */
export function snapshot(t: TaskRow, links: RecordLink[]): Record<string, unknown> {
  return {
    title: t.title,
    description: t.description,
    type: t.type,
    status: t.status,
    priority: t.priority,
    dueAt: t.all_day ? t.due_date : (t.due_at?.toISOString() ?? null),
    timeZone: t.time_zone,
    durationMinutes: t.duration_minutes,
    reminders: t.reminders,
    location: t.location,
    participants: t.participants,
    result: t.result,
    completedAt: t.completed_at?.toISOString() ?? null,
    ownerId: t.owner_id,
    links: links.map((l) => `${l.entity}:${l.id}`),
    custom: t.custom ?? {},
  };
}
