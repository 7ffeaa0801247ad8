import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { readableFields } from "./records.js";
import { triggerKinds } from "./triggers.js";

/** Stands in for a record id: asks only whether a link to the entity exists. */
const SOME_ID = "11111111-1111-4111-8111-111111111111";

const catalogSchema = z
  .object({
    triggers: z
      .array(z.object({ kind: z.string(), source: z.enum(["event", "time", "hook"]), module: z.string() }))
      .describe(
        "Trigger kinds offered for the entity (decided from its fields), each with the module giving it.",
      ),
    createTargets: z
      .array(z.object({ entity: z.string(), linkable: z.boolean() }))
      .describe(
        "Entities a 'create a related record' step may create; linkable: it can be linked to this one.",
      ),
  })
  .meta({ id: "AutomationCatalog" });

/** `GET /api/v1/automations/catalog?entity=`: what the editor offers for a rule's entity, from the registries. */
export function catalogRoutes(app: App, deps: AppDeps) {
  app.get(
    "/api/v1/automations/catalog",
    {
      config: { access: access.admin("automations.manage") },
      schema: {
        tags: ["automations"],
        summary: "Triggers and creatable records offered for an entity's rules",
        querystring: z.strictObject({ entity: entityEnum(deps.entities) }),
        response: { 200: catalogSchema },
      },
    },
    async (req) => {
      const def = deps.entities.require(req.query.entity);
      const fields = await readableFields(deps.db, requestContext(req).actor, def.name);
      return {
        triggers: triggerKinds()
          .filter((k) => k.appliesTo(fields, def))
          .map((k) => ({ kind: k.kind, source: k.source, module: k.module })),
        createTargets: deps.entities
          .all()
          .filter((d) => d.creator)
          .map((d) => ({ entity: d.name, linkable: d.creator?.linkTo(def, SOME_ID) !== null })),
      };
    },
  );
}
