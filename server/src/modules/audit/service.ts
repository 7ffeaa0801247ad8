import { type Actor, hiddenFields, type RequestContext, scopeFor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import type { Database } from "../../platform/db/database.js";
import { NotFoundError } from "../../platform/errors.js";
import { type AuditRow, canReadRecord, countAudit, listAudit } from "./repository.js";
import type { AuditEntryDto, AuditListQuery } from "./schemas.js";

type Change = { before?: unknown; after?: unknown };

/** Custom values are one `custom` change ({before: {...}, after: {...}}); hidden `custom.<key>` leave it. */
function withoutHiddenCustom(change: Change, hidden: Set<string>): Change | null {
  const strip = (v: unknown) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => !hidden.has(`custom.${k}`)));
  };
  const out = { before: strip(change.before), after: strip(change.after) };
  return JSON.stringify(out.before) === JSON.stringify(out.after) ? null : out;
}

/**
 * Details are payloads, not field diffs, but never carry a hidden key either. Merges written before their field
 * diff became top-level changes keep it in `details.fields` under column names, which cannot be matched to field
 * rules reliably: a reader with any hidden field on the entity does not get it.
 */
function visibleDetails(details: Record<string, unknown>, hidden: Set<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).filter(([key]) => !hidden.has(key) && !(key === "fields" && hidden.size > 0)),
  );
}

/**
 * Audit rows never reveal a field the reader's role hides (e.g. a deal amount for support agents), including
 * `*` rules and single custom fields.
 */
function present(actor: Actor, row: AuditRow): AuditEntryDto {
  const hidden = row.entity ? hiddenFields(actor, row.entity) : new Set<string>();
  const changes = row.changes
    ? (Object.fromEntries(
        Object.entries(row.changes).flatMap(([field, change]): [string, unknown][] => {
          if (hidden.has(field)) return [];
          if (field !== "custom" || !change || typeof change !== "object") return [[field, change]];
          const visible = withoutHiddenCustom(change as Change, hidden);
          return visible ? [[field, visible]] : [];
        }),
      ) as AuditEntryDto["changes"])
    : null;
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? "" } : null,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    changes,
    details: row.details ? visibleDetails(row.details, hidden) : row.details,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
  };
}

export async function searchAuditLog(db: Database, ctx: RequestContext, query: AuditListQuery) {
  const { limit, cursor, ...filter } = query;
  const [page, total] = await Promise.all([
    listAudit(db, filter, limit, cursor),
    cursor ? Promise.resolve(undefined) : countAudit(db, filter),
  ]);
  return {
    items: page.rows.map((r) => present(ctx.actor, r)),
    nextCursor: page.nextCursor,
    ...(total ? { total } : {}),
  };
}

/** A record's own history, for anyone who may read the record; otherwise 404, as for the record itself. */
export async function recordHistory(
  db: Database,
  ctx: RequestContext,
  entity: string,
  id: string,
  page: { limit: number; cursor?: string | undefined },
) {
  const def = entityDefinition(entity);
  if (!def || scopeFor(ctx.actor, entity, "read") === "none") throw new NotFoundError("Record");
  if (!(await canReadRecord(db, ctx.actor, def, id))) throw new NotFoundError("Record");
  const result = await listAudit(db, { entity, entityId: id }, page.limit, page.cursor);
  return { items: result.rows.map((r) => present(ctx.actor, r)), nextCursor: result.nextCursor };
}
