import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  createTemplateBody,
  previewBody,
  renderedSchema,
  templateSchema,
  updateTemplateBody,
  variableSchemaResponse,
} from "./schemas.js";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  previewTemplate,
  testSend,
  updateTemplate,
} from "./service.js";
import { variableCatalog } from "./variables-catalog.js";

const tags = ["templates"];

export function templateRoutes(app: App, { db, jobs }: AppDeps) {
  app.get(
    "/api/v1/templates",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Message templates the caller may use: their personal ones and the shared ones",
        querystring: z.strictObject({ kind: z.enum(["email", "sms"]).optional() }),
        response: { 200: z.object({ items: z.array(templateSchema) }) },
      },
    },
    async (req) => ({ items: await listTemplates(db, requestContext(req), req.query.kind) }),
  );
  app.get(
    "/api/v1/templates/variables",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "The variables templates may use (entity fields visible to the caller, custom fields, user)",
        response: { 200: variableSchemaResponse },
      },
    },
    async (req) => variableCatalog(db, requestContext(req)),
  );
  app.get(
    "/api/v1/templates/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A template",
        params: idParams,
        response: { 200: templateSchema, 404: problemSchema },
      },
    },
    async (req) => getTemplate(db, requestContext(req), req.params.id),
  );
  app.post(
    "/api/v1/templates",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary:
          "Create a template (shared ones need templates.manage); variables are checked (422 with line/column)",
        body: createTemplateBody,
        response: { 201: templateSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createTemplate(trx, requestContext(req), req.body))),
  );
  app.patch(
    "/api/v1/templates/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Change a template (its owner; shared ones: templates.manage)",
        params: idParams,
        body: updateTemplateBody,
        response: { 200: templateSchema, 404: problemSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateTemplate(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/templates/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Delete a template",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteTemplate(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/templates/:id/preview",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary:
          "Render a template against a record the caller may read (hidden fields: 422 template_field_hidden)",
        params: idParams,
        body: previewBody,
        response: { 200: renderedSchema },
      },
    },
    async (req) => previewTemplate(db, requestContext(req), req.params.id, req.body),
  );
  app.post(
    "/api/v1/templates/:id/test-send",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Render and e-mail the template to the caller's own address (through the system mailer)",
        params: idParams,
        body: previewBody,
        response: { 202: renderedSchema.extend({ to: z.string() }) },
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(
          await db
            .transaction()
            .execute((trx) => testSend(trx, jobs, requestContext(req), req.params.id, req.body)),
        ),
  );
}
