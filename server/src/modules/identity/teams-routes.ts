import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, listQuery } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  teamCreateBody,
  teamDeleteQuery,
  teamListResponse,
  teamMembersResponse,
  teamPatchBody,
  teamSchema,
} from "./schemas.js";
import { createTeam, deleteTeam, getTeam, listTeams, teamMembers, updateTeam } from "./teams-service.js";

const tags = ["teams"];

export function teamsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/teams",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "List teams", response: { 200: teamListResponse } },
    },
    async () => {
      const items = await listTeams(db);
      return { items, nextCursor: null, total: { count: items.length, capped: false } };
    },
  );

  app.get(
    "/api/v1/teams/:id",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "Get a team", params: idParams, response: { 200: teamSchema } },
    },
    async (request) => getTeam(db, request.params.id),
  );

  app.get(
    "/api/v1/teams/:id/members",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A team's members",
        params: idParams,
        querystring: listQuery,
        response: { 200: teamMembersResponse },
      },
    },
    async (request) => teamMembers(db, request.params.id, request.query.limit, request.query.cursor),
  );

  app.post(
    "/api/v1/teams",
    {
      config: { access: access.admin("teams.manage") },
      schema: { tags, summary: "Create a team", body: teamCreateBody, response: { 201: teamSchema } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const team = await db.transaction().execute((trx) => createTeam(trx, ctx, request.body));
      return reply.code(201).send(team);
    },
  );

  app.patch(
    "/api/v1/teams/:id",
    {
      config: { access: access.admin("teams.manage") },
      schema: {
        tags,
        summary: "Change a team (a new head joins it)",
        params: idParams,
        body: teamPatchBody,
        response: { 200: teamSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => updateTeam(trx, ctx, request.params.id, request.body));
    },
  );

  app.delete(
    "/api/v1/teams/:id",
    {
      config: { access: access.admin("teams.manage") },
      schema: {
        tags,
        summary: "Delete a team (members move to ?moveMembersTo=, or it must be empty)",
        params: idParams,
        querystring: teamDeleteQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db
        .transaction()
        .execute((trx) => deleteTeam(trx, ctx, request.params.id, request.query.moveMembersTo));
      return reply.code(204).send(null);
    },
  );
}
