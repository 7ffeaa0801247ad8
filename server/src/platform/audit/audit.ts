import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";

/** Audit actions are dotted names: `auth.login.succeeded`, `record.updated`, `permission.denied`, `export.created`… */
export interface AuditEntry {
  action: string;
  actorId: string | null;
  entity?: string | null;
  entityId?: string | null;
  changes?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  changeEventId?: string | null;
  /** When it happened, if not now (a change event written to the log by a consumer later). */
  occurredAt?: Date | string;
}

/** Appends to the append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE). */
export async function writeAudit(
  db: Kysely<DB> | Transaction<DB>,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db
    .insertInto("audit_log")
    .values(
      list.map((e) => ({
        action: e.action,
        actor_id: e.actorId,
        entity: e.entity ?? null,
        entity_id: e.entityId ?? null,
        changes: e.changes ? JSON.stringify(e.changes) : null,
        details: JSON.stringify(e.details ?? {}),
        ip: e.ip ?? null,
        user_agent: e.userAgent ?? null,
        request_id: e.requestId ?? null,
        change_event_id: e.changeEventId ?? null,
        ...(e.occurredAt ? { occurred_at: new Date(e.occurredAt) } : {}),
      })),
    )
    .onConflict((oc) => oc.column("change_event_id").doNothing())
    .execute();
}
