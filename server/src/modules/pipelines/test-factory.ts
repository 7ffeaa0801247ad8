import { registerEntityFactory } from "../../test/entity-factories.js";

registerEntityFactory("pipelines", {
  owned: false,
  create: async (db) => {
    const p = await db
      .insertInto("pipelines")
      .values({ name: `Matrix pipeline ${Math.random().toString(36).slice(2, 8)}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pipeline_stages")
      .values([
        { pipeline_id: p.id, name: "Open", position: 0, probability: 10, kind: "open" },
        { pipeline_id: p.id, name: "Won", position: 1, probability: 100, kind: "won" },
        { pipeline_id: p.id, name: "Lost", position: 2, probability: 0, kind: "lost" },
      ])
      .execute();
    return p.id;
  },
  createBody: () => ({ name: "Matrix pipeline" }),
  updateBody: () => ({ name: "Renamed pipeline" }),
});
