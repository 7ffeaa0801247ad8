import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { countCapped, type ListPlan } from "../../platform/query/list.js";
import type { ProductRow } from "./present.js";

/** Reads: the pool or a transaction (`lock` only inside one). */
type Db = Kysely<DB> | Transaction<DB>;

export async function findProduct(
  db: Db,
  actor: Actor,
  id: string,
  opts: { deleted?: boolean; lock?: boolean } = {},
): Promise<ProductRow | undefined> {
  let q = db
    .selectFrom("products as p")
    .selectAll("p")
    .where("p.id", "=", id)
    .where("p.deleted_at", opts.deleted ? "is not" : "is", null)
    .where(ownerScope(actor, "products", "read", "p.owner_id"));
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Whether a live product other than `exceptId` has this SKU. */
export async function skuTaken(db: Db, sku: string, exceptId: string | null): Promise<boolean> {
  let q = db.selectFrom("products").select("id").where("sku", "=", sku).where("deleted_at", "is", null);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function listProducts(
  db: Db,
  actor: Actor,
  plan: ListPlan,
  opts: { deleted: boolean; withTotal: boolean },
) {
  const base = db
    .selectFrom("products as p")
    .where("p.deleted_at", opts.deleted ? "is not" : "is", null)
    .where(ownerScope(actor, "products", "read", "p.owner_id"))
    .where(plan.where);
  // The page and the capped count are independent: on the pool they run at once on two connections.
  const [rows, total] = await Promise.all([
    base
      .selectAll("p")
      .select(plan.cursorColumn)
      .where(plan.after)
      .orderBy(plan.orderBy)
      .limit(plan.fetch)
      .execute(),
    opts.withTotal ? countCapped(db, base, plan.countCap) : undefined,
  ]);
  return { ...plan.page(rows), total };
}
