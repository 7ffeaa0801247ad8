import { registerEntityFactory } from "../../test/entity-factories.js";
import "./module.js";

registerEntityFactory("activities", {
  create: async (db, ownerId) =>
    (
      await db
        .insertInto("activities")
        .values({ kind: "note", body: "<p>Matrix note</p>", owner_id: ownerId, created_by: ownerId })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  createBody: () => ({ kind: "note", body: "<p>Matrix note</p>" }),
  updateBody: () => ({ subject: "Renamed note" }),
});
