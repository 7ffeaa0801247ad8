import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityListQuery } from "../../platform/query/schemas.js";
import { board } from "./board-service.js";
import { lostReasonsRoutes } from "./lost-reasons.js";
import {
  boardQuery,
  boardSchema,
  createDealBody,
  dealList,
  dealSchema,
  moveDealBody,
  stageHistorySchema,
  updateDealBody,
} from "./schemas.js";
import {
  createDeal,
  dealStageHistory,
  getDeal,
  listDealsPage,
  moveDeal,
  setDealDeleted,
  updateDeal,
} from "./service.js";

const tags = ["deals"];

export function routes(app: App, deps: AppDeps) {
  const { db } = deps;
  lostReasonsRoutes(app, deps);
  app.get(
    "/api/v1/deals",
    {
      config: { access: access.entity("deals", "read") },
      schema: {
        tags,
        summary: "List deals (filter, sort, keyset pages)",
        querystring: entityListQuery.extend({
          deleted: z.enum(["true", "false"]).optional().describe("`true` lists the trash."),
        }),
        response: { 200: dealList },
      },
    },
    // Reads run on the pool: no transaction, no BEGIN/COMMIT round trips.
    async (req) =>
      listDealsPage(db, requestContext(req), { ...req.query, deleted: req.query.deleted === "true" }),
  );
  app.post(
    "/api/v1/deals",
    {
      config: { access: access.entity("deals", "create") },
      schema: { tags, summary: "Create a deal", body: createDealBody, response: { 201: dealSchema } },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createDeal(trx, requestContext(req), req.body))),
  );
  app.get(
    "/api/v1/deals/:id",
    {
      config: { access: access.entity("deals", "read") },
      schema: { tags, summary: "Get a deal", params: idParams, response: { 200: dealSchema } },
    },
    async (req) => getDeal(db, requestContext(req), req.params.id),
  );
  app.patch(
    "/api/v1/deals/:id",
    {
      config: { access: access.entity("deals", "update") },
      schema: {
        tags,
        summary: "Update a deal",
        params: idParams,
        body: updateDealBody,
        response: { 200: dealSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateDeal(trx, requestContext(req), req.params.id, req.body)),
  );
  app.post(
    "/api/v1/deals/:id/move",
    {
      config: { access: access.entity("deals", "update") },
      schema: {
        tags,
        summary: "Move a deal to a stage (board); lostReason required for lost stages",
        params: idParams,
        body: moveDealBody,
        response: { 200: dealSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => moveDeal(trx, requestContext(req), req.params.id, req.body)),
  );
  app.get(
    "/api/v1/deals/:id/stage-history",
    {
      config: { access: access.entity("deals", "read") },
      schema: {
        tags,
        summary: "The deal's stays in stages, oldest first",
        params: idParams,
        response: { 200: stageHistorySchema },
      },
    },
    async (req) => dealStageHistory(db, requestContext(req), req.params.id),
  );
  app.delete(
    "/api/v1/deals/:id",
    {
      config: { access: access.entity("deals", "delete") },
      schema: {
        tags,
        summary: "Move a deal to the trash",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => setDealDeleted(trx, requestContext(req), req.params.id, true));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/deals/:id/restore",
    {
      config: { access: access.entity("deals", "delete") },
      schema: {
        tags,
        summary: "Restore a deal from the trash",
        params: idParams,
        response: { 200: dealSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => setDealDeleted(trx, requestContext(req), req.params.id, false)),
  );
  app.get(
    "/api/v1/pipelines/:id/board",
    {
      config: { access: access.entity("deals", "read") },
      schema: {
        tags,
        summary: "Kanban board: per stage count, sums per currency and the first deals",
        params: idParams,
        querystring: entityListQuery
          .omit({ cursor: true, limit: true, total: true })
          .extend(boardQuery.shape),
        response: { 200: boardSchema },
      },
    },
    async (req) =>
      board(db, deps.config, requestContext(req), req.params.id, { ...req.query, limit: req.query.perStage }),
  );
}
