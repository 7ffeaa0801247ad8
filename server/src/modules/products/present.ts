import type { Selectable } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { Product } from "./schemas.js";
import type { ProductsTable } from "./tables.js";

export type ProductRow = Selectable<ProductsTable>;

/** All fields of a product in API shape (before field rules); NUMERIC columns arrive as strings. */
export function productFields(r: ProductRow) {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    unit: r.unit,
    price: { amount: String(r.price_amount), currency: r.price_currency },
    vatRate: String(r.vat_rate),
    active: r.active,
    tags: r.tags,
    ownerId: r.owner_id,
    custom: r.custom as Record<string, unknown>,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

export function presentProduct(actor: Actor, r: ProductRow): Product {
  return presentRecord(actor, "products", r, productFields(r));
}

/** The audited values of a product (no ids or timestamps, which change on every write). */
export function auditedProduct(r: ProductRow): Record<string, unknown> {
  const { createdAt, updatedAt, version, deletedAt, id, createdBy, ...rest } = productFields(r);
  return rest;
}
