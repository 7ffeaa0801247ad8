import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  runWidget,
  updateDashboard,
} from "./dashboards-service.js";
import { workspaceCurrency } from "./run.js";
import { createDashboardBody, dashboardSchema, reportResultSchema, updateDashboardBody } from "./schemas.js";

const tags = ["dashboards"];
const auth = () => access.authenticated();

export function dashboardRoutes(app: App, { db, config }: AppDeps) {
  app.get(
    "/api/v1/dashboards",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Dashboards the caller can see (own and shared)",
        response: { 200: z.object({ items: z.array(dashboardSchema) }) },
      },
    },
    async (req) => ({ items: await listDashboards(db, requestContext(req)) }),
  );
  app.post(
    "/api/v1/dashboards",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Create a dashboard of widgets (saved reports the author can see, built-in widgets)",
        body: createDashboardBody,
        response: { 201: dashboardSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createDashboard(trx, requestContext(req), req.body))),
  );
  app.get(
    "/api/v1/dashboards/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "A dashboard; widgets the caller may not see are marked hidden",
        params: idParams,
        response: { 200: dashboardSchema },
      },
    },
    async (req) => getDashboard(db, requestContext(req).actor, req.params.id),
  );
  app.patch(
    "/api/v1/dashboards/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Rename, re-arrange/resize widgets or share a dashboard (owner only)",
        params: idParams,
        body: updateDashboardBody,
        response: { 200: dashboardSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateDashboard(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/dashboards/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Delete a dashboard (owner only)",
        params: idParams,
        response: { 204: z.null(), 403: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteDashboard(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.get(
    "/api/v1/dashboards/:id/widgets/:widgetId/run",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Run a report widget of a dashboard with the caller's permissions",
        params: z.strictObject({ id: z.uuid(), widgetId: z.string().max(40) }),
        response: { 200: reportResultSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (req) =>
      runWidget(
        db,
        requestContext(req).actor,
        req.params.id,
        req.params.widgetId,
        await workspaceCurrency(db, config),
      ),
  );
}
