import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { type Actor, fieldAccess } from "../access/actor.js";
import { entityDefinition } from "../access/entities.js";
import { ownerScope } from "../access/scope.js";
import type { DB } from "../db/schema.js";
import { AppError } from "../errors.js";

/**
 * Tasks and activities link to CRM records through `(entity, record_id)` rows, so a new record type (tickets,
 * projects) becomes linkable by declaring `capabilities.linkable` in its entity definition — no schema change.
 * The record's table, owner and soft-delete columns come from the same definition.
 */
export function isLinkable(entity: string): boolean {
  return Boolean(entityDefinition(entity)?.capabilities.linkable);
}

export const recordLink = z.strictObject({
  entity: z.string().regex(/^[a-z_]{1,40}$/, "Use an entity name such as companies, contacts or deals."),
  id: z.uuid(),
});
export type RecordLink = z.infer<typeof recordLink>;
export const recordLinks = z.array(recordLink).max(50);

type Db = Kysely<DB> | Transaction<DB>;

export class LinkNotFoundError extends AppError {
  constructor(field: string, link: RecordLink) {
    super(422, "link_not_found", "A linked record does not exist or you may not see it.", [
      { field, message: `${link.entity} ${link.id} not found.`, code: "link_not_found" },
    ]);
  }
}

/** Ids among `ids` of `entity` that exist, are not deleted and are inside the actor's read scope. */
export async function readableRecordIds(
  db: Db,
  actor: Actor,
  entity: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const def = entityDefinition(entity);
  if (!def?.capabilities.linkable || ids.length === 0) return new Set();
  const table = sql.table(def.table);
  const notDeleted = def.softDeleteColumn ? sql`and ${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql``;
  const rows = await sql<{ id: string }>`
    select r.id from ${table} as r
    where r.id = any(${[...ids]}::uuid[]) ${notDeleted}
      and ${ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)}`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}

/**
 * Titles of the linked records of `entity` among `ids` that the actor may read (existing, not deleted, inside
 * the read scope), by id, as the entity definition declares its title; a record outside the scope has none,
 * and so has every record when a field rule hides the title field.
 */
export async function readableRecordTitles(
  db: Db,
  actor: Actor,
  entity: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const def = entityDefinition(entity);
  if (!def?.capabilities.linkable || !def.ownerColumn || ids.length === 0) return new Map();
  if (typeof def.title === "string" && fieldAccess(actor, entity, def.title) === "hidden") return new Map();
  const title = typeof def.title === "string" ? sql.ref(`r.${def.title}`) : def.title("r");
  const notDeleted = def.softDeleteColumn ? sql`and ${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql``;
  const rows = await sql<{ id: string; title: string | null }>`
    select r.id, ${title}::text as title from ${sql.table(def.table)} as r
    where r.id = any(${[...new Set(ids)]}::uuid[]) ${notDeleted}
      and ${ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)}`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.title ?? ""]));
}

/** Refuses links to unknown entity types, missing records and records outside the actor's read scope. */
export async function assertReadableLinks(
  db: Db,
  actor: Actor,
  links: readonly RecordLink[],
  field = "body.links",
): Promise<RecordLink[]> {
  const unique = dedupeLinks(links);
  const byEntity = new Map<string, string[]>();
  for (const l of unique) byEntity.set(l.entity, [...(byEntity.get(l.entity) ?? []), l.id]);
  for (const [entity, ids] of byEntity) {
    const found = await readableRecordIds(db, actor, entity, ids);
    const missing = unique.find((l) => l.entity === entity && !found.has(l.id));
    if (missing) throw new LinkNotFoundError(field, missing);
  }
  return unique;
}

export function dedupeLinks(links: readonly RecordLink[]): RecordLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const k = `${l.entity}:${l.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Parses the `?linked=companies:<uuid>` shortcut. */
export function parseLinkedFilter(value: string): RecordLink | null {
  const m = /^([a-z_]{1,40}):([0-9a-f-]{36})$/i.exec(value);
  if (!m?.[1] || !m[2]) return null;
  const parsed = recordLink.safeParse({ entity: m[1], id: m[2].toLowerCase() });
  return parsed.success ? parsed.data : null;
}
