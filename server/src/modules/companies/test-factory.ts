import { registerEntityFactory } from "../../test/entity-factories.js";
import "./fields.js";

registerEntityFactory("companies", {
  create: async (db, ownerId) =>
    (
      await db
        .insertInto("companies")
        .values({
          name: `Matrix company ${Math.random().toString(36).slice(2, 8)}`,
          owner_id: ownerId,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  createBody: () => ({ name: "Matrix company", types: ["customer"] }),
  updateBody: () => ({ industry: "Manufacturing" }),
});
