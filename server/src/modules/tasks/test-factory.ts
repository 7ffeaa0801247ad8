import { registerEntityFactory } from "../../test/entity-factories.js";
import "./module.js";

registerEntityFactory("tasks", {
  create: async (db, ownerId) =>
    (
      await db
        .insertInto("tasks")
        .values({
          title: "Matrix task",
          type: "todo",
          owner_id: ownerId,
          created_by: ownerId,
          participants: "[]",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  createBody: () => ({ title: "Matrix task", type: "call", priority: "high" }),
  updateBody: () => ({ title: "Renamed task" }),
});
