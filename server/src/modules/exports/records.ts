import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { scopedPage } from "../../platform/query/scoped-list.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { addLookups } from "./lookups.js";
import { addTaskLinks } from "./task-links.js";

const PAGE = 1000;

/**
 * Every record the actor may read and export that matches the filter, in the list engine's sort order, page by
 * page with the keyset cursor — the same filter, sort and scope as the list API.
 */
export async function* exportRecords(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: string,
  fields: FieldMeta[],
  params: { filter?: string | undefined; sort?: string | undefined; q?: string | undefined },
  /** `user`/`link` fields of the chosen columns, read by name page by page (`lookups.ts`). */
  lookups: FieldMeta[] = [],
  /** Rows per batch (tests page small sets with a few). */
  batch = PAGE,
): AsyncGenerator<Record<string, unknown>> {
  const def = entityCatalog().getOwned(entity);
  if (!def) throw new Error(`Entity ${entity} has no owner column to scope an export by`);
  const live = def.softDeleteColumn
    ? sql<boolean>`${sql.ref(`r.${def.softDeleteColumn}`)} is null`
    : sql<boolean>`true`;
  // The list's quick search, the same predicate as on the list screen.
  const search = await quickSearch(db, actor, entity, "r", params.q);
  let cursor: string | undefined;
  for (;;) {
    const plan = planList({
      actor,
      entity,
      alias: "r",
      fields,
      // The list screen's default order, so an export without `sort` comes out as the list shows it.
      defaultSort: def.defaultSort ?? "name",
      params: { filter: params.filter, sort: params.sort, cursor, limit: batch },
      search,
    });
    const base = db
      .selectFrom(sql.table(def.table).as("r") as never)
      .where(live)
      .where(plan.where);
    // In the read and export scopes; an own/team export by an owner-indexed sort continues each owner's index
    // range per batch (`scopedPage`) instead of re-reading and re-sorting the whole scope for every batch.
    const rows = await scopedPage(
      db,
      base,
      (q) => q.selectAll("r" as never).select(plan.cursorColumn as never) as never,
      {
        actor,
        entity,
        alias: "r",
        ownerColumn: def.ownerColumn,
        plan,
        deleted: false,
        actions: ["read", "export"],
      },
    );
    const page = plan.page(rows as unknown as { _cursor: (string | null)[] }[]);
    await addLookups(db, actor, entity, lookups, page.items as unknown as Record<string, unknown>[]);
    if (entity === "tasks") await addTaskLinks(db, actor, page.items as unknown as Record<string, unknown>[]);
    for (const item of page.items) yield item as Record<string, unknown>;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
