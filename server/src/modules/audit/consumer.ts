import type { Kysely, Transaction } from "kysely";
import { type AuditEntry, writeAudit } from "../../platform/audit/audit.js";
import type { DB } from "../../platform/db/schema.js";
import type { ChangeConsumer, DeliveredEvent } from "../../platform/events/consumer.js";

export const AUDIT_CHANGES_JOB = "audit.changes";

const verbs: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  restore: "restored",
  merge: "merged",
  reassign: "reassigned",
};

/** `{field: {before, after}}` entries are the field-level diff; anything else (a reason, a payload) is detail. */
function isFieldChange(v: unknown): v is { before: unknown; after: unknown } {
  return typeof v === "object" && v !== null && "before" in v && "after" in v;
}

export function auditEntryFor(e: DeliveredEvent): AuditEntry {
  const changes: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e.changes ?? {})) {
    if (isFieldChange(value)) changes[key] = value;
    else details[key] = value;
  }
  // "by rule X (owner Y)": the actor is the rule's owner, the rule is named in the details.
  if (e.automation) details.automation = e.automation;
  return {
    action: `record.${verbs[e.action] ?? e.action}`,
    actorId: e.actorId,
    entity: e.entity,
    entityId: e.entityId,
    changes,
    details,
    occurredAt: e.occurredAt,
    ip: e.ip ?? null,
    userAgent: e.userAgent ?? null,
    requestId: e.requestId,
    changeEventId: e.id,
  };
}

/** Rows per INSERT: 12 parameters each, well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;

/**
 * Writes every change event as an audit row. Idempotent as well (`change_event_id` is unique and conflicts are
 * skipped), although the feed delivers each event once.
 */
export async function writeChangeAudit(
  db: Kysely<DB> | Transaction<DB>,
  events: DeliveredEvent[],
): Promise<void> {
  const entries = events.map(auditEntryFor);
  for (let i = 0; i < entries.length; i += CHUNK) {
    await writeAudit(db, entries.slice(i, i + CHUNK));
  }
}

/** Takes every event: the audit log is the history of all of them. */
export function auditChangesConsumer(): ChangeConsumer {
  return {
    name: AUDIT_CHANGES_JOB,
    events: ["*"],
    batchSize: 1000,
    handle: (events, { trx }) => writeChangeAudit(trx, events),
  };
}
