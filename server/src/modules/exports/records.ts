import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { planList } from "../../platform/query/list.js";
import { addTaskLinks } from "./task-links.js";

const PAGE = 1000;
/** The list screens' default order, so an export without `sort` comes out as the list shows it. */
const DEFAULT_SORT: Record<string, string> = { deals: "-createdAt", tasks: "dueAt" };

/**
 * Every record the actor may read and export that matches the filter, in the list engine's sort order, page by
 * page with the keyset cursor — the same filter, sort and scope as the list API.
 */
export async function* exportRecords(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: string,
  fields: FieldMeta[],
  params: { filter?: string | undefined; sort?: string | undefined },
): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  for (;;) {
    const plan = planList({
      actor,
      entity,
      alias: "r",
      fields,
      defaultSort: DEFAULT_SORT[entity] ?? "name",
      params: { filter: params.filter, sort: params.sort, cursor, limit: PAGE },
    });
    const rows = await db
      .selectFrom(sql.table(entity).as("r") as never)
      .selectAll("r" as never)
      .select(plan.cursorColumn as never)
      .where(sql<boolean>`r.deleted_at is null`)
      .where(ownerScope(actor, entity, "read", "r.owner_id"))
      .where(ownerScope(actor, entity, "export", "r.owner_id"))
      .where(plan.where)
      .where(plan.after)
      .orderBy(plan.orderBy as never)
      .limit(plan.fetch)
      .execute();
    const page = plan.page(rows as unknown as { _cursor: (string | null)[] }[]);
    if (entity === "tasks") await addTaskLinks(db, actor, page.items as unknown as Record<string, unknown>[]);
    for (const item of page.items) yield item as Record<string, unknown>;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
