import { sql } from "kysely";
import { type Actor, hiddenFields, scopeFor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { WebhookFilter } from "./filter.js";

/** A stored change event as webhooks send it (the `ChangeEvent.*` schema of the OpenAPI document). */
export interface WebhookEvent {
  id: string;
  position: string;
  entity: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  actorId: string | null;
  requestId: string | null;
  occurredAt: string;
}

/**
 * Which of these events' records the owner may read now, by entity: read scope `all` needs no lookup, `own` and
 * `team` compare the record's owner (trashed records included: a delete event is about one) with the owner's
 * user and team. A record that no longer exists is not readable.
 */
export async function readableRecords(
  db: Database,
  actor: Actor,
  events: WebhookEvent[],
): Promise<Set<string>> {
  const out = new Set<string>();
  const byEntity = new Map<string, string[]>();
  for (const e of events) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e.entityId]);
  for (const [entity, ids] of byEntity) {
    const def = entityCatalog().get(entity);
    const scope = def ? scopeFor(actor, entity, "read") : "none";
    if (!def || scope === "none") continue;
    if (scope === "all" || def.ownerColumn === null) {
      for (const id of ids) out.add(`${entity}:${id}`);
      continue;
    }
    const owner = sql.ref(`r.${def.ownerColumn}`);
    const rows = await sql<{ id: string }>`
      select r.id from ${sql.table(def.table)} as r
      left join users u on u.id = ${owner}
      where r.id = any(${[...new Set(ids)]}::uuid[])
        and (${owner} = ${actor.userId}
          or (${scope === "team" && actor.teamId !== null} and u.team_id = ${actor.teamId}))`.execute(db);
    for (const r of rows.rows) out.add(`${entity}:${r.id}`);
  }
  return out;
}

/**
 * The event with the fields the owner's role hides removed (`custom.<key>` rules inside `custom`), or null
 * when nothing is left to say: an update that only touched hidden fields, or a filter naming a hidden field.
 */
export function visibleEvent(
  actor: Actor,
  e: WebhookEvent,
  filter: WebhookFilter | null,
): WebhookEvent | null {
  const hidden = hiddenFields(actor, e.entity);
  if (hidden.size === 0) return e;
  if (filter?.conditions.some((c) => hidden.has(c.field))) return null;
  const changes: Record<string, unknown> = { ...e.changes };
  const before = Object.keys(changes).length;
  for (const key of hidden) {
    if (!key.startsWith("custom.")) {
      delete changes[key];
      continue;
    }
    const custom = changes.custom as { before?: unknown; after?: unknown } | undefined;
    if (!custom || typeof custom !== "object") continue;
    const strip = (v: unknown) => {
      if (!v || typeof v !== "object") return v;
      const copy = { ...(v as Record<string, unknown>) };
      delete copy[key.slice(7)];
      return copy;
    };
    const stripped = { before: strip(custom.before), after: strip(custom.after) };
    if (JSON.stringify(stripped.before) === JSON.stringify(stripped.after)) delete changes.custom;
    else changes.custom = stripped;
  }
  if (e.action === "update" && before > 0 && Object.keys(changes).length === 0) return null;
  return { ...e, changes };
}
