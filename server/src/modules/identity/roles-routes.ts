import { z } from "zod";
import { hasAdminPermission } from "../../platform/access/actor.js";
import { ForbiddenError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { roleCatalog, roleCatalogSchema, roleCreateBody, rolePatchBody, roleSchema } from "./role-schemas.js";
import { createRole, deleteRole, getRole, listRoles, updateRole } from "./roles-service.js";

const tags = ["roles"];

export function rolesRoutes(app: App, { db, entities }: AppDeps): void {
  // Whoever assigns roles to users (users.manage) needs to read them, as does whoever edits them.
  const canReadRoles = access.authenticated();
  const assertCanRead = (actor: Parameters<typeof hasAdminPermission>[0]) => {
    if (!hasAdminPermission(actor, "roles.manage") && !hasAdminPermission(actor, "users.manage")) {
      throw new ForbiddenError(
        "permission_denied",
        "This needs the roles.manage or users.manage permission.",
      );
    }
  };

  app.get(
    "/api/v1/roles",
    {
      config: { access: canReadRoles },
      schema: { tags, summary: "List roles", response: { 200: z.object({ items: z.array(roleSchema) }) } },
    },
    async (request) => {
      assertCanRead(requestContext(request).actor);
      return { items: await listRoles(db) };
    },
  );

  app.get(
    "/api/v1/roles/permission-catalog",
    {
      config: { access: canReadRoles },
      schema: {
        tags,
        summary: "Entities, actions, scopes and admin permissions a role can grant",
        response: { 200: roleCatalogSchema },
      },
    },
    async (request) => {
      // The audit log screen names actions and permissions with it, so audit readers may read it too.
      const actor = requestContext(request).actor;
      if (!hasAdminPermission(actor, "audit.read")) assertCanRead(actor);
      return roleCatalog(entities);
    },
  );

  app.get(
    "/api/v1/roles/:id",
    {
      config: { access: canReadRoles },
      schema: { tags, summary: "Get a role", params: idParams, response: { 200: roleSchema } },
    },
    async (request) => {
      assertCanRead(requestContext(request).actor);
      return getRole(db, request.params.id);
    },
  );

  app.post(
    "/api/v1/roles",
    {
      config: { access: access.admin("roles.manage") },
      schema: { tags, summary: "Create a role", body: roleCreateBody, response: { 201: roleSchema } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const role = await db.transaction().execute((trx) => createRole(trx, ctx, request.body));
      return reply.code(201).send(role);
    },
  );

  app.patch(
    "/api/v1/roles/:id",
    {
      config: { access: access.admin("roles.manage") },
      schema: {
        tags,
        summary: "Change a role (takes effect on its users' next request)",
        params: idParams,
        body: rolePatchBody,
        response: { 200: roleSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => updateRole(trx, ctx, request.params.id, request.body));
    },
  );

  app.delete(
    "/api/v1/roles/:id",
    {
      config: { access: access.admin("roles.manage") },
      schema: { tags, summary: "Delete a role no one holds", params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => deleteRole(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
