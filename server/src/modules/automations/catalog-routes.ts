import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { actorForUser } from "../../platform/records/actor.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { LANGUAGES } from "../../platform/records/definition.js";
import { fileSchema, searchReadableFiles } from "../files/module.js";
import { readableFields } from "./records.js";
import { getRule } from "./service.js";
import { triggerKinds } from "./triggers.js";
import { catalogVariables } from "./variable-catalog.js";
import { VARIABLE_OPERATORS } from "./variable-conditions.js";

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
    variables: z
      .array(
        z.object({
          name: z.string().describe("`{{name}}` in step texts; `variable` of a variable condition."),
          type: z.string().describe("A field type (record fields) or a trigger variable type."),
          label: z
            .string()
            .nullable()
            .describe("In the requested language; null: a standard record field the web labels."),
          group: z.enum(["record", "trigger", "run"]),
          triggers: z
            .array(z.string())
            .nullable()
            .describe("The trigger kinds that give it; null: every rule of the entity has it."),
          entity: z.string().optional().describe("The record's entity, for links and ids."),
        }),
      )
      .describe("Variables the rule's texts may use (the caller's readable fields; the triggers' own)."),
    operators: z
      .record(z.string(), z.array(z.string()))
      .describe("Operators a variable condition takes, by trigger variable type."),
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
        querystring: z.strictObject({
          entity: entityEnum(deps.entities),
          language: z.enum(LANGUAGES).default("en").describe("Of the variables' labels."),
        }),
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
        variables: catalogVariables(def, deps.entities.all(), fields, req.query.language),
        operators: VARIABLE_OPERATORS as unknown as Record<string, string[]>,
      };
    },
  );

  app.get(
    "/api/v1/automations/attachable-files",
    {
      config: { access: access.admin("automations.manage") },
      schema: {
        tags: ["automations"],
        summary: "Stored files an email step may attach: readable by the rule's owner and the caller",
        querystring: z.strictObject({
          q: z
            .string()
            .max(200)
            .default("")
            .describe("Part of the file's name (any case); empty: the newest."),
          ruleId: z
            .uuid()
            .optional()
            .describe(
              "The rule being edited (its owner reads the files); absent: a new rule, owned by the caller.",
            ),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
        response: { 200: z.object({ items: z.array(fileSchema) }) },
      },
    },
    async (req) => {
      const { actor } = requestContext(req);
      const ownerId = req.query.ruleId ? (await getRule(deps.db, req.query.ruleId)).ownerId : actor.userId;
      const owner = ownerId === actor.userId ? actor : await actorForUser(deps.db, ownerId);
      // An owner who left reads nothing (the rule needs a new owner before it can be saved).
      if (!owner) return { items: [] };
      // Both must read a file: the step runs as the owner, and the caller sees no name they may not read.
      const actors = owner === actor ? [actor] : [owner, actor];
      return {
        items: await searchReadableFiles(deps.db, actors, { q: req.query.q, limit: req.query.limit }),
      };
    },
  );
}
