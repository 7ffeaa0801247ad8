import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { userListQuery, userListResponse, userPatchBody, userSchema } from "./schemas.js";
import { getUser, reactivateUser, searchUsers, updateUser } from "./users-service.js";

const tags = ["users"];

export function usersRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/users",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "List users (public fields; administrative fields for users.manage)",
        querystring: userListQuery,
        response: { 200: userListResponse },
      },
    },
    async (request) => searchUsers(db, requestContext(request), request.query),
  );

  app.get(
    "/api/v1/users/:id",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "Get a user", params: idParams, response: { 200: userSchema } },
    },
    async (request) => getUser(db, requestContext(request), request.params.id),
  );

  app.patch(
    "/api/v1/users/:id",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags,
        summary: "Change a user",
        params: idParams,
        body: userPatchBody,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => updateUser(trx, ctx, request.params.id, request.body));
    },
  );

  app.post(
    "/api/v1/users/:id/reactivate",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags,
        summary: "Reactivate a deactivated user",
        params: idParams,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => reactivateUser(trx, ctx, request.params.id));
    },
  );
}
