import { randomBytes } from "node:crypto";
import { registerEntityFactory } from "../../test/entity-factories.js";

const sku = () => `SKU-${randomBytes(4).toString("hex")}`;

registerEntityFactory("products", {
  create: async (db, ownerId) =>
    (
      await db
        .insertInto("products")
        .values({ sku: sku(), name: "Matrix product", price_currency: "RUB", owner_id: ownerId } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  createBody: () => ({ sku: sku(), name: "Matrix product", price: { amount: "10.00", currency: "RUB" } }),
  updateBody: () => ({ unit: "kg" }),
});
