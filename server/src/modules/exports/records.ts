import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { planList } from "../../platform/query/list.js";

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
  params: { filter?: string | undefined; sort?: string | undefined },
): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  for (;;) {
    const plan = planList({
      actor,
      entity,
      alias: "r",
      fields,
      defaultSort: entity === "deals" ? "-createdAt" : "name",
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
    for (const item of page.items) yield item as Record<string, unknown>;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
