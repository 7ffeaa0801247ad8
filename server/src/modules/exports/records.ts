import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
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
): AsyncGenerator<Record<string, unknown>> {
  const def = entityCatalog().getOwned(entity);
  if (!def) throw new Error(`Entity ${entity} has no owner column to scope an export by`);
  const owner = `r.${def.ownerColumn}`;
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
      params: { filter: params.filter, sort: params.sort, cursor, limit: PAGE },
      search,
    });
    const rows = await db
      .selectFrom(sql.table(def.table).as("r") as never)
      .selectAll("r" as never)
      .select(plan.cursorColumn as never)
      .where(live)
      .where(ownerScope(actor, entity, "read", owner))
      .where(ownerScope(actor, entity, "export", owner))
      .where(plan.where)
      .where(plan.after)
      .orderBy(plan.orderBy as never)
      .limit(plan.fetch)
      .execute();
    const page = plan.page(rows as unknown as { _cursor: (string | null)[] }[]);
    await addLookups(db, actor, entity, lookups, page.items as unknown as Record<string, unknown>[]);
    if (entity === "tasks") await addTaskLinks(db, actor, page.items as unknown as Record<string, unknown>[]);
    for (const item of page.items) yield item as Record<string, unknown>;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
