import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { listPipelines, loadPipeline } from "./repository.js";
import {
  createPipelineBody,
  createStageBody,
  moveDealsBody,
  pipelineSchema,
  reorderStagesBody,
  stageParams,
  updatePipelineBody,
  updateStageBody,
} from "./schemas.js";
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  moveStageDeals,
  reorderStages,
  updatePipeline,
  updateStage,
} from "./service.js";

const tags = ["pipelines"];
const read = access.entity("pipelines", "read");
const manage = access.admin("pipelines.manage");

export function routes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/pipelines",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "List pipelines with their stages",
        response: { 200: z.object({ items: z.array(pipelineSchema) }) },
      },
    },
    async () => ({ items: await listPipelines(db) }),
  );
  app.post(
    "/api/v1/pipelines",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Create a pipeline",
        body: createPipelineBody,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createPipeline(trx, requestContext(req), req.body))),
  );
  app.get(
    "/api/v1/pipelines/:id",
    {
      config: { access: read },
      schema: { tags, summary: "Get a pipeline", params: idParams, response: { 200: pipelineSchema } },
    },
    async (req) => loadPipeline(db, req.params.id),
  );
  app.patch(
    "/api/v1/pipelines/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Rename, reorder or make default",
        params: idParams,
        body: updatePipelineBody,
        response: { 200: pipelineSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updatePipeline(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/pipelines/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Delete an empty, non-default pipeline",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deletePipeline(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/pipelines/:id/stages",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Add a stage",
        params: idParams,
        body: createStageBody,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await db
            .transaction()
            .execute((trx) => addStage(trx, requestContext(req), req.params.id, req.body)),
        ),
  );
  app.patch(
    "/api/v1/pipelines/:id/stages/:stageId",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Edit a stage (deals stay in it)",
        params: stageParams,
        body: updateStageBody,
        response: { 200: pipelineSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => updateStage(trx, requestContext(req), req.params.id, req.params.stageId, req.body)),
  );
  app.delete(
    "/api/v1/pipelines/:id/stages/:stageId",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Delete an empty stage (409 stage_not_empty otherwise)",
        params: stageParams,
        response: { 200: pipelineSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => deleteStage(trx, requestContext(req), req.params.id, req.params.stageId)),
  );
  app.put(
    "/api/v1/pipelines/:id/stages/order",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Reorder stages",
        params: idParams,
        body: reorderStagesBody,
        response: { 200: pipelineSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => reorderStages(trx, requestContext(req), req.params.id, req.body.stageIds)),
  );
  app.post(
    "/api/v1/pipelines/:id/stages/:stageId/move-deals",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Move all deals of a stage to another stage",
        params: stageParams,
        body: moveDealsBody,
        response: { 200: z.object({ moved: z.number().int() }) },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) =>
          moveStageDeals(trx, requestContext(req), req.params.id, req.params.stageId, req.body),
        ),
  );
}
