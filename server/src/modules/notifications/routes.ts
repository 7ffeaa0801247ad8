import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { listenerUrl, NotificationHub } from "./hub.js";
import {
  notificationIdParams,
  notificationListQuery,
  notificationListResponse,
  notificationSchema,
  notificationUpdateBody,
  streamQuery,
} from "./schemas.js";
import {
  deleteNotification,
  getNotification,
  listNotifications,
  markAllRead,
  markRead,
  setRead,
} from "./service.js";
import { StreamRegistry, streamNotifications } from "./stream.js";

const tags = ["notifications"];

export function notificationRoutes(app: App, deps: AppDeps): void {
  const hub = new NotificationHub(listenerUrl(deps), (err) =>
    app.log.warn({ err }, "notification listener error"),
  );
  const streams = new StreamRegistry();
  app.addHook("preClose", async () => streams.endAll());
  app.addHook("onClose", async () => hub.close());

  app.get(
    "/api/v1/notifications",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "My notifications, unread first, newest first",
        querystring: notificationListQuery,
        response: { 200: notificationListResponse, 400: problemSchema },
      },
    },
    async (request) => listNotifications(deps.db, requestContext(request).actor.userId, request.query),
  );

  app.get(
    "/api/v1/notifications/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "One of my notifications",
        params: notificationIdParams,
        response: { 200: notificationSchema, 404: problemSchema },
      },
    },
    async (request) => getNotification(deps.db, requestContext(request).actor.userId, request.params.id),
  );

  app.patch(
    "/api/v1/notifications/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Mark one of my notifications read or unread",
        params: notificationIdParams,
        body: notificationUpdateBody,
        response: { 200: notificationSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) =>
      setRead(deps.db, requestContext(request).actor.userId, request.params.id, request.body.read),
  );

  app.delete(
    "/api/v1/notifications/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Delete one of my notifications",
        params: notificationIdParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await deleteNotification(deps.db, requestContext(request).actor.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/notifications/:id/read",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Mark one notification read",
        params: notificationIdParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await markRead(deps.db, requestContext(request).actor.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/notifications/read-all",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Mark all my notifications read",
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (request) => ({ updated: await markAllRead(deps.db, requestContext(request).actor.userId) }),
  );

  app.get(
    "/api/v1/notifications/stream",
    {
      // Hijacked: the stream leaves before onSend, so a cached actor is confirmed before the handler runs.
      config: { access: access.authenticated(), confirmActorFirst: true },
      schema: {
        tags,
        summary: "Server-Sent Events: `event: notification` with the notification as data, `id` = its id",
        description:
          "Resume with the `Last-Event-ID` header (EventSource does this) or `?lastEventId=`. Heartbeat comment every 25 s.",
        querystring: streamQuery,
        produces: ["text/event-stream"],
        response: { 200: z.string().describe("An endless text/event-stream") },
      },
    },
    async (request, reply) => {
      const header = request.headers["last-event-id"];
      const fromHeader = typeof header === "string" && /^\d{1,18}$/.test(header) ? header : undefined;
      await streamNotifications(
        deps.db,
        hub,
        streams,
        request,
        reply,
        requestContext(request).actor.userId,
        fromHeader ?? request.query.lastEventId,
      );
    },
  );
}
