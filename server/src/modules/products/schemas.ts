import { z } from "zod";
import {
  currencyCode,
  decimalString,
  isoDateTime,
  listResponse,
  recordVersion,
} from "../../platform/http/schemas.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";
import { tagList, tagUpdate } from "../tags/module.js";

const text = (max: number) => z.string().trim().min(1).max(max);
const customValues = z
  .record(z.string().max(64), z.unknown())
  .refine((o) => Object.keys(o).length <= 200, "At most 200 custom fields.")
  .describe(
    "Custom field values by key; types per `GET /api/v1/custom-fields?entity=products`. `null` clears.",
  );

const price = z
  .strictObject({
    amount: decimalString().describe("Decimal string, ≥ 0, at most 2 decimals"),
    currency: currencyCode,
  })
  .describe("Money: a decimal string and an ISO 4217 currency");
const vatRate = decimalString()
  .refine((v) => Number(v) <= 100, "A VAT rate is at most 100 %.")
  .describe("Percent as a decimal string (20, 10.5)");

const productFields = {
  sku: text(64).describe("Stock keeping unit; unique among products not in the trash"),
  name: text(300),
  unit: text(20).optional().describe("Unit of measure (pcs, kg, h…); default pcs"),
  price,
  vatRate: vatRate.optional().describe("Percent as a decimal string (20, 10.5); default 0"),
  active: z.boolean().optional().describe("Offered for sale; default true"),
  tags: tagList.optional(),
  ownerId: z.uuid().optional(),
  custom: customValues.optional(),
};

export const createProductBody = z.strictObject(productFields);
export const updateProductBody = z.strictObject({
  ...productFields,
  sku: productFields.sku.optional(),
  name: productFields.name.optional(),
  price: price.optional(),
  tags: tagUpdate.optional(),
});
export type CreateProductInput = z.infer<typeof createProductBody>;
export type UpdateProductInput = z.infer<typeof updateProductBody>;

/** A product as the caller may see it (fields the role hides are absent). */
// Strict objects: the request and response views of the named schema are equal, so OpenAPI names it once.
export const productSchema = z
  .strictObject({
    id: z.uuid(),
    sku: z.string().optional(),
    name: z.string().optional(),
    unit: z.string().optional(),
    price: z.strictObject({ amount: z.string(), currency: z.string() }).optional(),
    vatRate: z.string().optional(),
    active: z.boolean().optional(),
    tags: z.array(z.string()).optional(),
    ownerId: z.uuid().optional(),
    custom: z.record(z.string(), z.unknown()).optional(),
    createdBy: z.uuid().nullable().optional(),
    createdAt: isoDateTime.optional(),
    updatedAt: isoDateTime.optional(),
    version: recordVersion,
    deletedAt: isoDateTime.nullable().optional(),
    permissions: recordPermissionsSchema.optional(),
  })
  .meta({ id: "Product" });
export type Product = z.infer<typeof productSchema>;
export const productList = listResponse(productSchema);
