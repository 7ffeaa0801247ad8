import { normalizeTagList } from "../tags/module.js";
import type { UpdateProductInput } from "./schemas.js";

type ProductValues = Omit<UpdateProductInput, "tags" | "custom" | "ownerId"> & { tags?: string[] };

/**
 * A product's stored columns from API-shaped values — only the parts present. Pure per row: the service (create
 * and PATCH) and the import call it, so a product is written by one set of rules.
 */
export function productColumns(input: ProductValues): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if (input.sku !== undefined) v.sku = input.sku;
  if (input.name !== undefined) v.name = input.name;
  if (input.unit !== undefined) v.unit = input.unit;
  if (input.price !== undefined) {
    v.price_amount = input.price.amount;
    v.price_currency = input.price.currency;
  }
  if (input.vatRate !== undefined) v.vat_rate = input.vatRate;
  if (input.active !== undefined) v.active = input.active;
  if (input.tags !== undefined) v.tags = normalizeTagList(input.tags);
  return v;
}
