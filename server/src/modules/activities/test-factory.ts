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
  // A stage move as `system-events.ts` writes it: nobody may change or delete it.
  createReadOnly: async (db, ownerId) =>
    (
      await db
        .insertInto("activities")
        .values({
          kind: "status_change",
          subject: "Stage changed",
          event: JSON.stringify({ from: "Lead", to: "Won" }),
          owner_id: ownerId,
          created_by: ownerId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
});
