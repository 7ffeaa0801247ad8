import { z } from "zod";
import { NotFoundError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { readableRecordIds } from "../../platform/records/links.js";
import { handleCallback } from "./callbacks.js";
import {
  createSmsProvider,
  deleteSmsProvider,
  getSmsProvider,
  listSmsProviders,
  publicBase,
  testSmsProvider,
  updateSmsProvider,
} from "./providers-service.js";
import { contactMessages } from "./repository.js";
import {
  createProviderBody,
  messageSchema,
  providerSchema,
  segmentsBody,
  segmentsSchema,
  sendSmsBody,
  testProviderBody,
  testResult,
  updateProviderBody,
} from "./schemas.js";
import { smsSegments } from "./segments.js";
import { presentMessage, sendSms } from "./send-service.js";

const tags = ["sms"];
const admin = access.admin("settings.manage");

export function smsRoutes(app: App, deps: AppDeps) {
  const { db, jobs } = deps;
  app.get(
    "/api/v1/sms-providers",
    {
      config: { access: admin },
      schema: {
        tags,
        summary: "SMS providers (credentials never returned)",
        response: { 200: z.object({ items: z.array(providerSchema) }) },
      },
    },
    async () => ({ items: await listSmsProviders(db, deps) }),
  );
  app.get(
    "/api/v1/sms-providers/:id",
    {
      config: { access: admin },
      schema: {
        tags,
        summary: "An SMS provider",
        params: idParams,
        response: { 200: providerSchema, 404: problemSchema },
      },
    },
    async (req) => getSmsProvider(db, deps, req.params.id),
  );
  app.post(
    "/api/v1/sms-providers",
    {
      config: { access: admin },
      schema: {
        tags,
        summary:
          "Add an SMS provider (SMS.ru, SMSC, Mobizon, Twilio or a generic HTTP API); credentials sealed at rest",
        body: createProviderBody,
        response: { 201: providerSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await db
            .transaction()
            .execute((trx) => createSmsProvider(trx, deps, requestContext(req), req.body)),
        ),
  );
  app.patch(
    "/api/v1/sms-providers/:id",
    {
      config: { access: admin },
      schema: {
        tags,
        summary: "Change an SMS provider (credentials not sent stay as they are)",
        params: idParams,
        body: updateProviderBody,
        response: { 200: providerSchema, 404: problemSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => updateSmsProvider(trx, deps, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/sms-providers/:id",
    {
      config: { access: admin },
      schema: {
        tags,
        summary: "Remove an SMS provider",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteSmsProvider(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/sms-providers/:id/test",
    {
      config: { access: admin, idempotent: false },
      schema: {
        tags,
        summary: "Send a test SMS through the provider now and report its answer",
        params: idParams,
        body: testProviderBody,
        response: { 200: testResult },
      },
    },
    async (req) => testSmsProvider(db, deps, req.params.id, req.body),
  );
  app.post(
    "/api/v1/sms",
    {
      config: { access: access.entity("contacts", "read") },
      schema: {
        tags,
        summary:
          "Send an SMS to a contact's number (text or SMS template); refused without a number or SMS consent. Sent by a job.",
        body: sendSmsBody,
        response: { 202: messageSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(await db.transaction().execute((trx) => sendSms(trx, jobs, requestContext(req), req.body))),
  );
  app.get(
    "/api/v1/sms",
    {
      config: { access: access.entity("contacts", "read") },
      schema: {
        tags,
        summary: "A contact's SMS messages, newest first",
        querystring: z.strictObject({
          contactId: z.uuid(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(messageSchema) }) },
      },
    },
    async (req) => {
      const ctx = requestContext(req);
      if (
        !(await readableRecordIds(db, ctx.actor, "contacts", [req.query.contactId])).has(req.query.contactId)
      ) {
        throw new NotFoundError("Contact");
      }
      return { items: (await contactMessages(db, req.query.contactId, req.query.limit)).map(presentMessage) };
    },
  );
  app.post(
    "/api/v1/sms/segments",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Characters and segments of a text (GSM-7 160/153, UCS-2 70/67)",
        body: segmentsBody,
        response: { 200: segmentsSchema },
      },
    },
    async (req) => smsSegments(req.body.text),
  );
  // Providers' delivery reports and incoming SMS: public, the URL's secret token (and Twilio's signature) checked.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string", bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    const handler = async (req: {
      params: { providerId: string; token: string };
      query: unknown;
      body: unknown;
      headers: Record<string, string | string[] | undefined>;
      url: string;
    }) => {
      const raw = typeof req.body === "string" ? req.body : "";
      const type = String(req.headers["content-type"] ?? "");
      let json: unknown = null;
      const fields: Record<string, string | string[]> = {};
      if (type.includes("application/json")) {
        try {
          json = JSON.parse(raw);
        } catch {
          json = null;
        }
      } else if (raw) {
        for (const [k, v] of new URLSearchParams(raw)) {
          const cur = fields[k];
          fields[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
        }
      }
      return handleCallback(deps, req.params.providerId, req.params.token, {
        query: Object.fromEntries(
          Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        ),
        fields,
        json,
        headers: req.headers,
        url: `${publicBase(deps.config)}${req.url}`,
      });
    };
    const params = z.strictObject({ providerId: z.string().max(64), token: z.string().max(128) });
    const opts = {
      config: { access: access.public(), idempotent: false as const },
      schema: {
        tags,
        summary:
          "Provider callback: delivery report or incoming SMS (secret token in the URL; Twilio signature)",
        params,
        response: { 200: z.string().describe("The answer the provider expects (text, XML or JSON)") },
      },
    };
    (scope as App).post("/api/v1/sms/callbacks/:providerId/:token", opts, async (req, reply) => {
      const out = await handler(req as never);
      return reply.code(200).type(out.contentType).send(out.body);
    });
    (scope as App).get("/api/v1/sms/callbacks/:providerId/:token", opts, async (req, reply) => {
      const out = await handler(req as never);
      return reply.code(200).type(out.contentType).send(out.body);
    });
  });
}
