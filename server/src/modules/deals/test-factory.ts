import { type EntityFactory, entityFactory, registerEntityFactory } from "../../test/entity-factories.js";
import "../companies/test-factory.js";
import "./fields.js";

registerEntityFactory("deals", {
  create: async (db, ownerId) => {
    const stage = await db
      .selectFrom("pipeline_stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .select(["s.id", "s.pipeline_id", "s.probability"])
      .where("p.is_default", "=", true)
      .orderBy("s.position")
      .executeTakeFirstOrThrow();
    const deal = await db
      .insertInto("deals")
      .values({
        title: "Matrix deal",
        pipeline_id: stage.pipeline_id,
        stage_id: stage.id,
        probability: stage.probability,
        owner_id: ownerId,
        company_id: await (entityFactory("companies") as EntityFactory).create(db, ownerId),
        custom: "{}",
      })
      .returning(["id", "pipeline_id", "stage_id"])
      .executeTakeFirstOrThrow();
    await db
      .insertInto("deal_stage_history")
      .values({ deal_id: deal.id, pipeline_id: deal.pipeline_id, to_stage_id: deal.stage_id })
      .execute();
    return deal.id;
  },
  // A deal needs a company or a contact the caller can see: one of their own.
  createBody: async (db, callerId) => ({
    title: "Matrix deal",
    amount: "1000.00",
    currency: "RUB",
    companyId: await (entityFactory("companies") as EntityFactory).create(db, callerId),
  }),
  updateBody: () => ({ title: "Renamed deal" }),
});
