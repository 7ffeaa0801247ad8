import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { reportDefinitionSchema } from "./definition.js";
import { runReport, workspaceCurrency } from "./run.js";
import { createReportBody, reportResultSchema, reportSchema, updateReportBody } from "./schemas.js";
import {
  createReport,
  deleteReport,
  duplicateReport,
  getReport,
  listReports,
  runSavedReport,
  updateReport,
} from "./service.js";

const tags = ["reports"];
const auth = () => access.authenticated();

export function reportRoutes(app: App, { db, config }: AppDeps) {
  app.get(
    "/api/v1/reports",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Saved reports the caller can see (own, shared with their team, role or everyone)",
        response: { 200: z.object({ items: z.array(reportSchema) }) },
      },
    },
    async (req) => ({ items: await listReports(db, requestContext(req)) }),
  );
  app.post(
    "/api/v1/reports",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Save a report (its fields must be readable by the author)",
        body: createReportBody,
        response: { 201: reportSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createReport(trx, requestContext(req), req.body))),
  );
  app.post(
    "/api/v1/reports/run",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Run an unsaved report definition (live preview) with the caller's permissions",
        body: z.strictObject({ definition: reportDefinitionSchema }),
        response: { 200: reportResultSchema, 422: problemSchema },
      },
    },
    async (req) =>
      runReport(db, requestContext(req).actor, req.body.definition, await workspaceCurrency(db, config)),
  );
  app.get(
    "/api/v1/reports/:id",
    {
      config: { access: auth() },
      schema: { tags, summary: "A saved report", params: idParams, response: { 200: reportSchema } },
    },
    async (req) => getReport(db, requestContext(req).actor, req.params.id),
  );
  app.get(
    "/api/v1/reports/:id/run",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Run a saved report with the caller's permissions (scope and field rules of the viewer)",
        params: idParams,
        response: { 200: reportResultSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (req) =>
      runSavedReport(db, requestContext(req).actor, req.params.id, await workspaceCurrency(db, config)),
  );
  app.patch(
    "/api/v1/reports/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Change a report or its sharing (owner only)",
        params: idParams,
        body: updateReportBody,
        response: { 200: reportSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateReport(trx, requestContext(req), req.params.id, req.body)),
  );
  app.post(
    "/api/v1/reports/:id/duplicate",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Copy a report the caller can see into a private report of theirs",
        params: idParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(200).optional() }).optional(),
        response: { 201: reportSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await db
            .transaction()
            .execute((trx) => duplicateReport(trx, requestContext(req), req.params.id, req.body?.name)),
        ),
  );
  app.delete(
    "/api/v1/reports/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Delete a report (owner only); its schedules go with it",
        params: idParams,
        response: { 204: z.null(), 403: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteReport(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
}
