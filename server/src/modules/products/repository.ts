import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { ListPlan } from "../../platform/query/list.js";
import { scopedList } from "../../platform/query/scoped-list.js";
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
    .where(plan.where);
  // Scope by owner ids: a merge of per-owner index walks where the sort allows (`scopedList`).
  const { rows, total } = await scopedList(db, base, (q) => q.selectAll("p").select(plan.cursorColumn), {
    actor,
    entity: "products",
    alias: "p",
    ownerColumn: "owner_id",
    plan,
    deleted: opts.deleted,
    withTotal: opts.withTotal,
  });
  return { ...plan.page(rows), total };
}
