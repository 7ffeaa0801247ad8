import { z } from "zod";
import { requireAnyScope } from "../../platform/access/scope.js";
import { NotFoundError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { assignableUsers } from "../../platform/records/assignees.js";

const assigneeSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    avatarUrl: z.string().nullable(),
    teamId: z.uuid().nullable(),
  })
  .meta({ id: "Assignee" });

export const assigneesQuery = z.strictObject({
  q: z.string().max(200).optional().describe("Part of the name or e-mail (case-insensitive)"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/v1/meta/entities/{entity}/assignees`: whom the caller may give the entity's records to. */
export function assigneesRoutes(app: App, { db, entities }: AppDeps): void {
  app.get(
    "/api/v1/meta/entities/:entity/assignees",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["meta"],
        summary: "The active users the caller may make owners of this entity's records",
        description:
          "The owner rule of create, PATCH and POST /reassign, applied to the users: the caller's assign scope all → every active user, team → the caller and their team, own → the caller, none → nobody. The caller first, then by name. 404 for an entity without owners or one the caller may not read.",
        params: z.strictObject({ entity: z.string().min(1).max(100) }),
        querystring: assigneesQuery,
        response: { 200: z.object({ items: z.array(assigneeSchema) }) },
      },
    },
    async (request) => {
      const { actor } = requestContext(request);
      const def = entities.get(request.params.entity);
      if (!def?.ownerColumn) throw new NotFoundError("Entity");
      requireAnyScope(actor, def.name, "read");
      return { items: await assignableUsers(db, actor, def.name, request.query) };
    },
  );
}
