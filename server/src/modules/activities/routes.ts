import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { activityListQuery, activityListResponse, listActivities } from "./list.js";
import {
  activityCreateBody,
  activityResponse,
  activityUpdateBody,
  timelineParams,
  timelineQuery,
  timelineResponse,
} from "./schemas.js";
import { createActivity, deleteActivity, getActivity, updateActivity } from "./service.js";
import { timeline } from "./timeline.js";

const tags = ["activities"];
const errors = { 400: problemSchema, 404: problemSchema, 422: problemSchema };

export function activityRoutes(app: App, { db }: AppDeps): void {
  app.post(
    "/api/v1/activities",
    {
      config: { access: access.entity("activities", "create") },
      schema: {
        tags,
        summary: "Log a call, meeting, note, email or SMS on records",
        description: "HTML in `body` is sanitized: basic formatting and links stay, scripts and handlers go.",
        body: activityCreateBody,
        response: { 201: activityResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const a = await db.transaction().execute((trx) => createActivity(trx, ctx, request.body));
      return reply.code(201).send(a);
    },
  );

  app.get(
    "/api/v1/activities",
    {
      config: { access: access.entity("activities", "read") },
      schema: {
        tags,
        summary: "Activities you may read, newest first",
        description:
          "Filter with `?filter=` (fields: kind, subject, direction, outcome, occurredAt, startsAt, ownerId, createdBy, createdAt) or the shortcuts `kinds`, `ownerId`, `from`/`to` (occurredAt) and `linked=<entity>:<id>`.",
        querystring: activityListQuery,
        response: { 200: activityListResponse, ...errors },
      },
    },
    async (request) => listActivities(db, requestContext(request), request.query),
  );

  app.get(
    "/api/v1/activities/:id",
    {
      config: { access: access.entity("activities", "read") },
      schema: {
        tags,
        summary: "An activity",
        params: idParams,
        response: { 200: activityResponse, 404: problemSchema },
      },
    },
    // Reads run on the pool: no transaction, no BEGIN/COMMIT round trips.
    async (request) => getActivity(db, requestContext(request), request.params.id),
  );

  app.patch(
    "/api/v1/activities/:id",
    {
      config: { access: access.entity("activities", "update") },
      schema: {
        tags,
        summary: "Change a logged activity (system items are read-only)",
        params: idParams,
        body: activityUpdateBody,
        response: { 200: activityResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => updateActivity(trx, ctx, request.params.id, request.body));
    },
  );

  app.delete(
    "/api/v1/activities/:id",
    {
      config: { access: access.entity("activities", "delete") },
      schema: {
        tags,
        summary: "Delete an activity",
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => deleteActivity(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/timeline/:entity/:id",
    {
      config: { access: access.entity("activities", "read") },
      schema: {
        tags,
        summary: "A record's timeline, newest first",
        description:
          "The record's own items plus those of related records (a company: its contacts' and deals'; a contact: its deals'). Completed tasks appear as system items.",
        params: timelineParams,
        querystring: timelineQuery,
        response: { 200: timelineResponse, ...errors },
      },
    },
    async (request) =>
      timeline(db, requestContext(request), request.params.entity, request.params.id, request.query),
  );
}
