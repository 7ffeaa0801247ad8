import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { currentRequestScope } from "../http/request-scope.js";

export type ChangeAction = "create" | "update" | "delete" | "restore" | "merge" | "reassign" | string;

export interface ChangeContext {
  actorId: string | null;
  requestId?: string | null | undefined;
  /** Client IP / user agent; default to those of the HTTP request being served (see http/request-scope.ts). */
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
}

export interface ChangeEvent {
  entity: string;
  entityId: string;
  action: ChangeAction;
  /** Field-level diff `{field: {before, after}}`, or a payload for non-field actions. */
  changes?: Record<string, unknown>;
}

const EVENTS_PER_INSERT = 4000;

/**
 * The single path every business write reports through. Must be called with the transaction that made the
 * write, so an event exists exactly when the write committed.
 */
export async function recordChange(
  trx: Transaction<DB> | Kysely<DB>,
  ctx: ChangeContext,
  events: ChangeEvent | ChangeEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const origin = currentRequestScope();
  const rows = list.map((e) => ({
    entity: e.entity,
    entity_id: e.entityId,
    action: e.action,
    changes: JSON.stringify(e.changes ?? {}),
    actor_id: ctx.actorId,
    request_id: ctx.requestId ?? origin?.requestId ?? null,
    ip: ctx.ip ?? origin?.ip ?? null,
    user_agent: ctx.userAgent ?? origin?.userAgent ?? null,
  }));
  // Bulk writes (10,000 reassigned records) stay under PostgreSQL's 65,535 bind parameters per statement.
  for (let i = 0; i < rows.length; i += EVENTS_PER_INSERT) {
    await trx
      .insertInto("change_events")
      .values(rows.slice(i, i + EVENTS_PER_INSERT))
      .execute();
  }
}

/** Field-level before → after for the keys whose values differ. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after)) {
    const a = normalize(after[key]);
    const b = normalize(before[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { before: b ?? null, after: a ?? null };
  }
  return out;
}

function normalize(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}
