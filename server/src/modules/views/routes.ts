import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { createViewBody, updateViewBody, viewSchema } from "./schemas.js";
import { createView, deleteView, getView, listViews, updateView } from "./service.js";

const tags = ["views"];

export function routes(app: App, { db, entities }: AppDeps) {
  const viewEntity = entityEnum(entities, "views");
  app.get(
    "/api/v1/views",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Saved views the caller can see (own, team, everyone)",
        querystring: z.strictObject({ entity: viewEntity.optional() }),
        response: { 200: z.object({ items: z.array(viewSchema) }) },
      },
    },
    async (req) => ({
      items: await listViews(db, requestContext(req), req.query.entity),
    }),
  );
  app.post(
    "/api/v1/views",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Save a view (filter, sort, columns)",
        body: createViewBody(viewEntity),
        response: { 201: viewSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createView(trx, requestContext(req), req.body))),
  );
  app.get(
    "/api/v1/views/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A saved view the caller can see",
        params: idParams,
        response: { 200: viewSchema, 404: problemSchema },
      },
    },
    async (req) => getView(db, requestContext(req), req.params.id),
  );
  app.patch(
    "/api/v1/views/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Change a view (owner only)",
        params: idParams,
        body: updateViewBody,
        response: { 200: viewSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateView(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/views/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Delete a view (owner only)",
        params: idParams,
        response: { 204: z.null(), 403: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteView(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
}
