import type { FieldMeta } from "../../platform/access/fields.js";

const f = (
  key: string,
  column: string,
  type: FieldMeta["type"],
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  key,
  column,
  type,
  filterable: true,
  sortable: !["tags", "user", "uuid"].includes(type),
  ...extra,
});

/** Standard product fields for the list engine, field rules, export and the field metadata. */
export const PRODUCT_FIELDS: FieldMeta[] = [
  f("id", "id", "uuid", { nullable: false }),
  f("sku", "sku", "text", { nullable: false, label: "SKU" }),
  f("name", "name", "text", { nullable: false, searchFold: true, ownerIndexed: true }),
  f("unit", "unit", "text", { nullable: false }),
  // `price` is presented as {amount, currency}; the list engine filters and sorts on the amount.
  f("price", "price_amount", "money", { nullable: false, derivesFrom: [], currencyField: "priceCurrency" }),
  f("priceCurrency", "price_currency", "text", { nullable: false, derivesFrom: ["price"] }),
  f("vatRate", "vat_rate", "number", { nullable: false, label: "VAT rate, %" }),
  f("active", "active", "boolean", { nullable: false }),
  f("tags", "tags", "tags"),
  f("ownerId", "owner_id", "user", { nullable: false }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
];
