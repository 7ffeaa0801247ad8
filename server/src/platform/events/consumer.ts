import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { Logger } from "pino";
import type { DB } from "../db/schema.js";
import type { ChangeEventCatalogue, ChangeEventEnvelope } from "./catalogue.js";

/** A delivered event before a module narrows it (modules use `AppDeliveredEvent`). */
export type DeliveredEvent = ChangeEventEnvelope & {
  entity: string;
  action: string;
  changes: Record<string, unknown>;
};

export interface ConsumerContext {
  /** The transaction that also advances the consumer's cursor: write through it for exactly-once effects. */
  trx: Transaction<DB>;
  log: Logger;
}

/**
 * Something that reacts to committed changes (audit, notifications, timelines, later automations and
 * webhooks). It names the events it takes — `"deals.update"`, `"deals.*"`, `"*.reassign"` (that action on any
 * entity) or `"*"` — and gets them in batches, in outbox order, each exactly once: its handler runs in the
 * transaction that moves its cursor, so a crash before the commit delivers the same batch again to whichever
 * worker runs next, and nothing the handler wrote through `trx` survives the failed attempt.
 */
export interface ChangeConsumer<E = DeliveredEvent> {
  name: string;
  events: readonly string[];
  /** Events per handler call (default 500). */
  batchSize?: number;
  handle(events: E[], ctx: ConsumerContext): Promise<void>;
}

/** SQL filter for a consumer's selectors (null: every event). */
export function selectorFilter(selectors: readonly string[]) {
  if (selectors.includes("*")) return null;
  return (eb: ExpressionBuilder<DB, "change_events">) =>
    eb.or(
      selectors.map((s) => {
        const { entity, action } = parseSelector(s);
        if (entity === "*") return eb("action", "=", action);
        if (action === "*") return eb("entity", "=", entity);
        return eb.and([eb("entity", "=", entity), eb("action", "=", action)]);
      }),
    );
}

function parseSelector(s: string): { entity: string; action: string } {
  const dot = s.indexOf(".");
  if (dot <= 0 || dot === s.length - 1) throw new Error(`Event selector ${s} must be "entity.action"`);
  return { entity: s.slice(0, dot), action: s.slice(dot + 1) };
}

/** A selector that matches nothing in the catalogue is a typo: refuse it at start. */
export function checkSelectors(consumer: ChangeConsumer<never>, catalogue: ChangeEventCatalogue): void {
  const defs = catalogue.all();
  for (const s of consumer.events) {
    if (s === "*") continue;
    const { entity, action } = parseSelector(s);
    const known = defs.some(
      (d) =>
        (entity === "*" || d.entity === entity || d.entity === "*") &&
        (action === "*" || d.action === action),
    );
    if (!known) throw new Error(`Consumer ${consumer.name} takes ${s}, which no module declares`);
  }
}

/** Registers the consumer's cursor at the current head: a new consumer starts with the events after it. */
export async function ensureCursor(db: Kysely<DB>, name: string): Promise<void> {
  await sql`insert into change_consumers (name, position)
    select ${name}, coalesce(max(position), 0) from change_events
    on conflict (name) do nothing`.execute(db);
}
