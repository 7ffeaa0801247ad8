import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import { isHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { linksOf } from "../tasks/module.js";

/** How a linked record is named in the export: its title field and a label for its type. */
const TITLES: Record<string, { key: string; column: string; label: string }> = {
  companies: { key: "name", column: "name", label: "Company" },
  contacts: { key: "name", column: "name", label: "Contact" },
  deals: { key: "title", column: "title", label: "Deal" },
};

/**
 * Sets `_links` on each exported task row: "Company: Romashka; Deal: Supply" — only records that are live and
 * inside the actor's read scope, by a name the actor's role may see. One query per linked entity and page.
 */
export async function addTaskLinks(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  rows: Record<string, unknown>[],
): Promise<void> {
  const links = await linksOf(
    db,
    rows.map((r) => String(r.id)),
  );
  const byEntity = new Map<string, Set<string>>();
  for (const list of links.values()) {
    for (const l of list) byEntity.set(l.entity, (byEntity.get(l.entity) ?? new Set()).add(l.id));
  }
  const names = new Map<string, string>();
  for (const [entity, ids] of byEntity) {
    const title = TITLES[entity];
    const def = entityDefinition(entity);
    if (!title || !def || isHidden(actor, entity, title.key)) continue;
    const found = await sql<{ id: string; title: string }>`
      select r.id, ${sql.ref(`r.${title.column}`)}::text as title from ${sql.table(def.table)} as r
      where r.id = any(${[...ids]}::uuid[]) and r.deleted_at is null
        and ${ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)}`.execute(db);
    for (const r of found.rows) names.set(`${entity}:${r.id}`, `${title.label}: ${r.title}`);
  }
  for (const row of rows) {
    row._links = (links.get(String(row.id)) ?? [])
      .flatMap((l) => names.get(`${l.entity}:${l.id}`) ?? [])
      .sort((x, y) => x.localeCompare(y))
      .join("; ");
  }
}
