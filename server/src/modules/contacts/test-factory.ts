import { registerEntityFactory } from "../../test/entity-factories.js";
import "./fields.js";

registerEntityFactory("contacts", {
  create: async (db, ownerId) =>
    (
      await db
        .insertInto("contacts")
        .values({
          first_name: "Matrix",
          last_name: "Person",
          name: "Matrix Person",
          owner_id: ownerId,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  createBody: () => ({ firstName: "Matrix", lastName: "Person" }),
  updateBody: () => ({ position: "Buyer" }),
});
