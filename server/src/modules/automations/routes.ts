import { z } from "zod";
import { NotFoundError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, listQuery, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { hookRoutes } from "./hooks-routes.js";
import { testRun } from "./preview.js";
import { loadRecord } from "./records.js";
import {
  RUN_STATUSES,
  ruleSchema,
  runSchema,
  testRunBody,
  testRunResponse,
  versionSchema,
} from "./response-schemas.js";
import { getRetention, retentionSchema, runLogSize, setRetention } from "./retention.js";
import { listRuns } from "./run-log.js";
import { createRuleBody, updateRuleBody } from "./schemas.js";
import {
  createRule,
  deleteRule,
  getRule,
  listRules,
  listVersions,
  rotateSecret,
  updateRule,
} from "./service.js";
import { buildFromTemplate, presentTemplate, TEMPLATES, templateParamsBody } from "./templates.js";

const tags = ["automations"];
const manage = access.admin("automations.manage");
const runsQuery = listQuery.extend({ status: z.enum(RUN_STATUSES).optional() });
const created = z.object({
  rule: ruleSchema,
  secret: z.string().describe("Shown once: signs outgoing webhook calls and verifies inbound hooks."),
});

export function routes(app: App, deps: AppDeps) {
  const { db } = deps;
  const entity = entityEnum(deps.entities);
  app.get(
    "/api/v1/automations",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Automation rules",
        querystring: z.strictObject({ entity: entity.optional() }),
        response: { 200: z.object({ items: z.array(ruleSchema) }) },
      },
    },
    async (req) => ({ items: await listRules(db, req.query.entity) }),
  );
  app.post(
    "/api/v1/automations",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Create a rule (validated as its owner)",
        body: createRuleBody(entity),
        response: { 201: created },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createRule(trx, requestContext(req), deps, req.body))),
  );
  app.get(
    "/api/v1/automations/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "A rule",
        params: idParams,
        response: { 200: ruleSchema, 404: problemSchema },
      },
    },
    async (req) => getRule(db, req.params.id),
  );
  app.patch(
    "/api/v1/automations/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Edit a rule (a changed definition becomes a new version; runs in progress keep theirs)",
        params: idParams,
        body: updateRuleBody,
        response: { 200: ruleSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateRule(trx, requestContext(req), deps, req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/automations/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Delete a rule (its waiting runs are cancelled)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteRule(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/automations/:id/secret",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Rotate the rule's secret (returned once)",
        params: idParams,
        response: { 200: z.object({ secret: z.string() }) },
      },
    },
    async (req) => ({
      secret: await db
        .transaction()
        .execute((trx) => rotateSecret(trx, requestContext(req), deps, req.params.id)),
    }),
  );
  app.get(
    "/api/v1/automations/:id/versions",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "A rule's versions, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(versionSchema) }) },
      },
    },
    async (req) => ({ items: await listVersions(db, req.params.id) }),
  );
  app.get(
    "/api/v1/automations/:id/runs",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "A rule's runs with their step log, newest first",
        params: idParams,
        querystring: runsQuery,
        response: { 200: z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      await getRule(db, req.params.id);
      return listRuns(db, { ruleId: req.params.id }, req.query);
    },
  );
  app.post(
    "/api/v1/automations/:id/test",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Test run on a record: what each step would do, without doing it",
        params: idParams,
        body: testRunBody,
        response: { 200: testRunResponse },
      },
    },
    async (req) => testRun(deps, requestContext(req), req.params.id, req.body),
  );
  app.get(
    "/api/v1/automation-runs",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Rule runs on one record (its timeline), for anyone who may read the record",
        querystring: runsQuery.extend({ entity, recordId: z.uuid() }).strict(),
        response: { 200: z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const def = deps.entities.get(req.query.entity);
      if (!def || !(await loadRecord(db, requestContext(req).actor, def, req.query.recordId)))
        throw new NotFoundError("Record");
      return listRuns(db, { entity: req.query.entity, recordId: req.query.recordId }, req.query);
    },
  );
  app.get(
    "/api/v1/automation-templates",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Built-in rule templates",
        querystring: z.strictObject({ language: z.enum(["en", "ru", "sr", "kk"]).default("en") }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                key: z.string(),
                entity: z.string(),
                name: z.string(),
                description: z.string(),
                needs: z.array(z.string()),
                definition: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: TEMPLATES.map((t) => presentTemplate(t, req.query.language)) }),
  );
  app.post(
    "/api/v1/automation-templates/:key/rules",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Create a rule from a template",
        params: z.strictObject({ key: z.string().max(60) }),
        body: templateParamsBody,
        response: { 201: created },
      },
    },
    async (req, reply) => {
      const tpl = TEMPLATES.find((t) => t.key === req.params.key);
      if (!tpl) throw new NotFoundError("Template");
      const { name, definition } = buildFromTemplate(tpl, req.body);
      const out = await db.transaction().execute((trx) =>
        createRule(trx, requestContext(req), deps, {
          entity: tpl.entity,
          name,
          description: presentTemplate(tpl, req.body.language).description,
          enabled: req.body.enabled,
          definition,
        }),
      );
      return reply.code(201).send(out);
    },
  );
  app.get(
    "/api/v1/automations/settings",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Run-log retention and its size",
        response: {
          200: z.object({
            retention: retentionSchema,
            storage: z.object({ bytes: z.number(), runs: z.number(), steps: z.number() }),
          }),
        },
      },
    },
    async () => ({ retention: await getRetention(db), storage: await runLogSize(db) }),
  );
  app.put(
    "/api/v1/automations/settings",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags,
        summary: "Set run-log retention",
        body: retentionSchema,
        response: { 200: retentionSchema },
      },
    },
    async (req) => db.transaction().execute((trx) => setRetention(trx, requestContext(req), req.body)),
  );
  hookRoutes(app, deps);
}
