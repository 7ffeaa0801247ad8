import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable, listFieldsFor } from "../../platform/access/fields.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { type EntityListQuery, wantsTotal } from "../../platform/query/schemas.js";
import { assertVersion } from "../../platform/records/versions.js";
import { assertCanWrite, resolveOwner, throwIfErrors } from "../../platform/records/write-checks.js";
import { validateCustom } from "../custom-fields/module.js";
import { ensureTags, type WithTagList, withResolvedTags } from "../tags/module.js";
import { productColumns } from "./columns.js";
import { auditedProduct, type ProductRow, presentProduct } from "./present.js";
import { findProduct, listProducts, skuTaken } from "./repository.js";
import type { CreateProductInput, UpdateProductInput } from "./schemas.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = "products";

const skuError = (): FieldError => ({
  field: "sku",
  message: "Another product already has this SKU.",
  code: "not_unique",
});

export async function listProductsPage(
  db: Db,
  ctx: RequestContext,
  q: EntityListQuery & { deleted?: boolean },
) {
  requireAnyScope(ctx.actor, ENTITY, "read");
  const plan = planList({
    actor: ctx.actor,
    entity: ENTITY,
    alias: "p",
    fields: await listFieldsFor(db, ENTITY, q),
    defaultSort: "name",
    params: q,
    search: await quickSearch(db, ctx.actor, ENTITY, "p", q.q),
  });
  const page = await listProducts(db, ctx.actor, plan, {
    deleted: q.deleted ?? false,
    withTotal: wantsTotal(q),
  });
  return { ...page, items: page.items.map((r) => presentProduct(ctx.actor, r)) };
}

export async function getProduct(db: Db, ctx: RequestContext, id: string) {
  const row = await findProduct(db, ctx.actor, id);
  if (!row) throw new NotFoundError("Product");
  return presentProduct(ctx.actor, row);
}

/** Column values for the parts of the input that are present (shared by create and update). */
async function columnsFrom(
  trx: Trx,
  ctx: RequestContext,
  input: WithTagList<UpdateProductInput>,
  errors: FieldError[],
  current?: ProductRow,
): Promise<Record<string, unknown>> {
  const v = productColumns(input);
  if (input.sku !== undefined && (await skuTaken(trx, input.sku, current?.id ?? null)))
    errors.push(skuError());
  const custom = await validateCustom(trx, ENTITY, input.custom, {
    actor: ctx.actor,
    ...(current ? { existing: current.custom as Record<string, unknown>, recordId: current.id } : {}),
  });
  errors.push(...custom.errors);
  if (input.custom !== undefined || !current) v.custom = JSON.stringify(custom.custom);
  return v;
}

/** A concurrent writer that took the SKU after our check: the same 422 as the check. */
async function uniqueSku<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const e = err as { code?: unknown; constraint?: unknown };
    if (e.code === "23505" && e.constraint === "products_sku_live") throw new ValidationError([skuError()]);
    throw err;
  }
}

export async function createProduct(trx: Trx, ctx: RequestContext, input: CreateProductInput) {
  const { actor } = ctx;
  requireAnyScope(actor, ENTITY, "create");
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, null, errors);
  const values = await columnsFrom(trx, ctx, input, errors);
  throwIfErrors(errors);
  const row = await uniqueSku(() =>
    trx
      .insertInto("products")
      .values({ ...values, owner_id: ownerId, created_by: actor.userId } as never)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await ensureTags(trx, row.tags, actor.userId);
  await recordChange(
    trx,
    { actorId: actor.userId, requestId: ctx.requestId },
    { entity: ENTITY, entityId: row.id, action: "create", changes: diff({}, auditedProduct(row)) },
  );
  return presentProduct(actor, row);
}

export async function updateProduct(trx: Trx, ctx: RequestContext, id: string, update: UpdateProductInput) {
  const { actor } = ctx;
  const before = await findProduct(trx, actor, id, { lock: true });
  if (!before) throw new NotFoundError("Product");
  await assertCanWrite(actor, ENTITY, "update", before.owner_id, trx);
  assertVersion(before.version, ctx.ifMatch);
  const input = withResolvedTags(update, before.tags);
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, before.owner_id, errors);
  const values = await columnsFrom(trx, ctx, input, errors, before);
  throwIfErrors(errors);
  const after = await uniqueSku(() =>
    trx
      .updateTable("products")
      .set({ ...values, owner_id: ownerId } as never)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await ensureTags(trx, after.tags, actor.userId);
  const changes = diff(auditedProduct(before), auditedProduct(after));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: actor.userId, requestId: ctx.requestId },
      {
        entity: ENTITY,
        entityId: id,
        ...(changes.ownerId && Object.keys(changes).length === 1
          ? { action: "reassign" as const, changes: { ownerId: changes.ownerId } }
          : { action: "update" as const, changes }),
      },
    );
  }
  return presentProduct(actor, after);
}

export async function deleteProduct(trx: Trx, ctx: RequestContext, id: string) {
  const row = await findProduct(trx, ctx.actor, id, { lock: true });
  if (!row) throw new NotFoundError("Product");
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  await trx.updateTable("products").set({ deleted_at: new Date() }).where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: ENTITY, entityId: id, action: "delete", changes: { name: row.name } },
  );
}

/** Restores a product from the trash, unless a live product took its SKU meanwhile (422 on sku). */
export async function restoreProduct(trx: Trx, ctx: RequestContext, id: string) {
  const row = await findProduct(trx, ctx.actor, id, { deleted: true, lock: true });
  if (!row) throw new NotFoundError("Product");
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  if (await skuTaken(trx, row.sku, row.id)) throw new ValidationError([skuError()]);
  const after = await uniqueSku(() =>
    trx
      .updateTable("products")
      .set({ deleted_at: null })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: ENTITY, entityId: id, action: "restore", changes: { name: row.name } },
  );
  return presentProduct(ctx.actor, after);
}
