import type { Kysely, Transaction } from "kysely";
import type { z } from "zod";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { fieldsFor, isHidden } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";
import { changeEventCatalogue } from "../../platform/events/catalogue.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { WebhookFilter } from "./filter.js";

/** One event a subscription can name: `<entity>.<action>` of a record entity of the entity catalogue. */
export interface WebhookEventType {
  type: string;
  entity: string;
  action: string;
  description: string;
}

/**
 * The events webhooks can deliver, read from the typed change-event catalogue: every action declared for a
 * record entity (its own and the any-entity ones such as `reassign`, `merge`), for the entities `actor` may
 * read (all of them without an actor).
 */
export function webhookEventTypes(actor?: Actor): WebhookEventType[] {
  const defs = changeEventCatalogue().all();
  const out: WebhookEventType[] = [];
  for (const entity of entityCatalog().all()) {
    if (actor && scopeFor(actor, entity.name, "read") === "none") continue;
    for (const d of defs) {
      if (d.entity !== entity.name && d.entity !== "*") continue;
      if (out.some((o) => o.entity === entity.name && o.action === d.action)) continue;
      out.push({
        type: `${entity.name}.${d.action}`,
        entity: entity.name,
        action: d.action,
        description: d.description,
      });
    }
  }
  return out.sort((a, b) => a.type.localeCompare(b.type));
}

/** Whether an event matches one of the subscription's selectors (`deals.update`, `deals.*`). */
export function selectorsMatch(selectors: readonly string[], entity: string, action: string): boolean {
  return selectors.some((s) => s === `${entity}.${action}` || s === `${entity}.*`);
}

/**
 * Refuses selectors the catalogue does not declare or whose entity the owner may not read, and filter
 * conditions on fields none of the selected entities' events carry or that the owner's role hides.
 */
export async function validateSubscription(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  selectors: readonly string[],
  filter: WebhookFilter | null,
): Promise<void> {
  const types = webhookEventTypes(actor);
  const errors: { field: string; message: string; code: string }[] = [];
  selectors.forEach((s, i) => {
    const [entity, action] = [s.slice(0, s.indexOf(".")), s.slice(s.indexOf(".") + 1)];
    const ok = types.some((t) => t.entity === entity && (action === "*" || t.action === action));
    if (!ok)
      errors.push({
        field: `eventTypes.${i}`,
        message: `Unknown event type "${s}" (see GET /api/v1/webhooks/event-types).`,
        code: "unknown_event_type",
      });
  });
  if (errors.length) throw new ValidationError(errors);
  if (!filter) return;
  const entities = [...new Set(selectors.map((s) => s.slice(0, s.indexOf("."))))];
  const known = new Map<string, Set<string>>();
  for (const entity of entities) known.set(entity, await filterFields(db, entity));
  filter.conditions.forEach((c, i) => {
    const carriers = entities.filter((e) => known.get(e)?.has(c.field));
    if (carriers.length === 0) {
      errors.push({
        field: `filter.conditions.${i}.field`,
        message: `No selected event carries the field "${c.field}".`,
        code: "unknown_field",
      });
    } else if (carriers.some((e) => isHidden(actor, e, c.field))) {
      errors.push({
        field: `filter.conditions.${i}.field`,
        message: `The field "${c.field}" is hidden from the webhook's owner.`,
        code: "field_hidden",
      });
    }
  });
  if (errors.length) throw new ValidationError(errors);
}

/** The field names an entity's events carry as `{before, after}` (from the catalogue's zod), custom included. */
async function filterFields(db: Kysely<DB> | Transaction<DB>, entity: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const d of changeEventCatalogue().all()) {
    if (d.entity !== entity) continue;
    const shape = (d.changes as unknown as { shape?: Record<string, z.ZodType> }).shape;
    for (const key of Object.keys(shape ?? {})) if (key !== "custom") out.add(key);
  }
  for (const f of await fieldsFor(db, entity)) if (f.custom) out.add(f.key);
  return out;
}
