import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { listResponse, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { getDelivery, listDeliveries, redeliver } from "./deliveries-service.js";
import { webhookEventTypes } from "./event-types.js";
import {
  createWebhookBody,
  deliveriesQuery,
  deliveryDetailSchema,
  deliveryParams,
  deliverySchema,
  eventTypeSchema,
  updateWebhookBody,
  webhookParams,
  webhookSchema,
  webhookWithSecret,
} from "./schemas.js";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateSecret,
  updateWebhook,
} from "./service.js";

const tags = ["webhooks"];
const manage = { access: access.admin("webhooks.manage") };

/** `/api/v1/webhooks`: outgoing subscriptions, their secrets and delivery logs (own ones; all for admins). */
export function webhookRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  app.get(
    "/api/v1/webhooks/event-types",
    {
      config: manage,
      schema: {
        tags,
        summary: "The event types a webhook can subscribe to (entities the caller may read)",
        response: { 200: z.object({ items: z.array(eventTypeSchema) }) },
      },
    },
    async (req) => ({ items: webhookEventTypes(requestContext(req).actor) }),
  );
  app.get(
    "/api/v1/webhooks",
    {
      config: manage,
      schema: { tags, summary: "Webhook subscriptions", response: { 200: listResponse(webhookSchema) } },
    },
    async (req) => ({ items: await listWebhooks(db, requestContext(req)), nextCursor: null }),
  );
  app.post(
    "/api/v1/webhooks",
    {
      config: manage,
      schema: {
        tags,
        summary: "Subscribe a URL to change events; the answer shows the signing secret once",
        body: createWebhookBody,
        response: { 201: webhookWithSecret, 422: problemSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await db.transaction().execute((trx) => createWebhook(trx, deps, requestContext(req), req.body)),
        ),
  );
  app.get(
    "/api/v1/webhooks/:id",
    {
      config: manage,
      schema: {
        tags,
        summary: "A webhook subscription",
        params: webhookParams,
        response: { 200: webhookSchema },
      },
    },
    async (req) => getWebhook(db, requestContext(req), req.params.id),
  );
  app.patch(
    "/api/v1/webhooks/:id",
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a webhook (URL, events, filter, enabled)",
        params: webhookParams,
        body: updateWebhookBody,
        response: { 200: webhookSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => updateWebhook(trx, deps, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/webhooks/:id",
    {
      config: manage,
      schema: {
        tags,
        summary: "Delete a webhook and its delivery log",
        params: webhookParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteWebhook(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/webhooks/:id/rotate-secret",
    {
      config: manage,
      schema: {
        tags,
        summary: "Replace the signing secret (effective at once); the answer shows the new one once",
        params: webhookParams,
        response: { 200: webhookWithSecret },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => rotateSecret(trx, deps, requestContext(req), req.params.id)),
  );
  app.get(
    "/api/v1/webhooks/:id/deliveries",
    {
      config: manage,
      schema: {
        tags,
        summary: "The webhook's delivery log, newest first (request, response, duration, attempts)",
        params: webhookParams,
        querystring: deliveriesQuery,
        response: { 200: listResponse(deliverySchema) },
      },
    },
    async (req) => listDeliveries(db, requestContext(req), req.params.id, req.query),
  );
  app.get(
    "/api/v1/webhooks/:id/deliveries/:deliveryId",
    {
      config: manage,
      schema: {
        tags,
        summary: "One delivery with every attempt",
        params: deliveryParams,
        response: { 200: deliveryDetailSchema },
      },
    },
    async (req) => getDelivery(db, requestContext(req), req.params.id, req.params.deliveryId),
  );
  app.post(
    "/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Send a delivery again now (same webhook-id; one attempt, then the retry schedule if it fails)",
        params: deliveryParams,
        response: { 202: deliverySchema },
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(
          await db
            .transaction()
            .execute((trx) =>
              redeliver(trx, deps, requestContext(req), req.params.id, req.params.deliveryId),
            ),
        ),
  );
}
