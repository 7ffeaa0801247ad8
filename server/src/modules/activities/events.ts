import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";
import type { RecordLink } from "../../platform/records/links.js";
import type { ActivityRow } from "./repository.js";

/** An activity's audited fields (its API fields without ids and row timestamps). */
export const activityChanges = fieldChanges({
  kind: z.string(),
  occurredAt: z.string(),
  subject: z.string(),
  body: z.string(),
  direction: z.enum(["in", "out"]),
  phone: z.string(),
  phoneRaw: z.string(),
  durationSeconds: z.number(),
  outcome: z.string(),
  recordingUrl: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  participants: z.strictObject({ users: z.array(z.uuid()), contacts: z.array(z.uuid()) }),
  from: z.string(),
  to: z.string(),
  toRaw: z.string(),
  event: z.record(z.string(), z.unknown()),
  taskId: z.uuid(),
  sourceEventId: z.string(),
  ownerId: z.uuid(),
  createdBy: z.uuid(),
  links: z.array(z.strictObject({ entity: z.string(), id: z.uuid() })),
});

/** The activity as its events carry it (API keys). */
export function activitySnapshot(a: ActivityRow, links: RecordLink[]) {
  return {
    kind: a.kind,
    occurredAt: a.occurred_at,
    subject: a.subject,
    body: a.body,
    direction: a.direction,
    phone: a.phone,
    phoneRaw: a.phone_raw,
    durationSeconds: a.duration_seconds,
    outcome: a.outcome,
    recordingUrl: a.recording_url,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    place: a.place,
    participants: a.participants,
    from: a.from_address,
    to: a.to_address,
    toRaw: a.to_raw,
    event: a.event,
    taskId: a.task_id,
    sourceEventId: a.source_event_id,
    ownerId: a.owner_id,
    createdBy: a.created_by,
    links,
  };
}

export const activityEvents = defineChangeEvents("activities", {
  create: [activityChanges, "An activity (call, meeting, note, e-mail, SMS) was logged."],
  update: [activityChanges, "An activity's fields changed (`body` carries mentions)."],
  delete: [fieldChanges({ kind: z.string() }), "An activity was deleted."],
});
