import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

/** A product's audited fields (its API fields without ids and row timestamps). */
export const productChanges = fieldChanges({
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  price: z.object({ amount: z.string(), currency: z.string() }),
  vatRate: z.string(),
  active: z.boolean(),
  tags: z.array(z.string()),
  ownerId: z.uuid(),
  custom: z.record(z.string(), z.unknown()),
});

export const productEvents = defineChangeEvents("products", {
  create: [productChanges, "A product was created; every set field as `{before: null, after}`."],
  update: [productChanges, "A product's fields changed."],
  delete: [z.strictObject({ name: z.string() }), "A product was moved to the trash."],
  restore: [z.strictObject({ name: z.string() }), "A product came back from the trash."],
});
