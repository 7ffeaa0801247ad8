import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { currentRequestScope } from "../http/request-scope.js";
import { changeEventCatalogue, type FieldChange } from "./catalogue.js";

export interface ChangeContext {
  actorId: string | null;
  requestId?: string | null | undefined;
  /** Client IP / user agent; default to those of the HTTP request being served (see http/request-scope.ts). */
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
}

/**
 * Filled by `modules/change-events.ts` (declaration merging) with the union of every module's events, so each
 * `recordChange` call is checked against the catalogue while `platform/` imports no module.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by modules/change-events.ts
export interface ChangeEventTypes {}

/** One change: an event of the catalogue (`platform/events/catalogue.ts`). */
export type ChangeEvent = ChangeEventTypes extends { event: infer E }
  ? E
  : { entity: string; entityId: string; action: string; changes: Record<string, unknown> };

const EVENTS_PER_INSERT = 4000;

/**
 * The single path every business write reports through. Must be called with the transaction that made the
 * write, so an event exists exactly when the write committed. Every event is validated against the catalogue
 * first: an event it does not declare, or changes that do not match, throw `InvalidChangeEventError`.
 */
export async function recordChange(
  trx: Transaction<DB> | Kysely<DB>,
  ctx: ChangeContext,
  events: ChangeEvent | ChangeEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const catalogue = changeEventCatalogue();
  for (const e of list) catalogue.validate(e);
  const origin = currentRequestScope();
  if (origin?.changed) for (const e of list) origin.changed.add(e.entity);
  const rows = list.map((e) => ({
    entity: e.entity,
    entity_id: e.entityId,
    action: e.action,
    changes: JSON.stringify(e.changes ?? {}),
    actor_id: ctx.actorId,
    request_id: ctx.requestId ?? origin?.requestId ?? null,
    ip: ctx.ip ?? origin?.ip ?? null,
    user_agent: ctx.userAgent ?? origin?.userAgent ?? null,
    automation: origin?.automation ? JSON.stringify(origin.automation) : null,
  }));
  // Bulk writes (10,000 reassigned records) stay under PostgreSQL's 65,535 bind parameters per statement.
  for (let i = 0; i < rows.length; i += EVENTS_PER_INSERT) {
    await trx
      .insertInto("change_events")
      .values(rows.slice(i, i + EVENTS_PER_INSERT))
      .execute();
  }
}

/** Field-level before → after for the keys whose values differ (Dates as ISO strings). */
export function diff<T extends object>(
  before: Partial<Record<keyof T, unknown>>,
  after: T,
): { [K in keyof T]?: FieldChange } {
  const out: Record<string, FieldChange> = {};
  for (const key of Object.keys(after)) {
    const a = normalize((after as Record<string, unknown>)[key]);
    const b = normalize((before as Record<string, unknown>)[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { before: b ?? null, after: a ?? null };
  }
  return out as { [K in keyof T]?: FieldChange };
}

function normalize(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}
