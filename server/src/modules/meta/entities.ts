import { z } from "zod";
import { ACTIONS, type Actor, scopeFor } from "../../platform/access/actor.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import {
  type CAPABILITIES,
  type EntityDefinition,
  entityLabel,
  LANGUAGES,
  type Language,
  NAVIGATION_GROUPS,
} from "../../platform/records/definition.js";

const SCOPES = ["none", "own", "team", "all"] as const;
const label = z.strictObject({ singular: z.string(), plural: z.string() });

// Strict objects: the request and response views of the named schema are equal, so OpenAPI names it once.
export const entityMetaSchema = z
  .strictObject({
    name: z.string().describe("API plural, permission key and `entity` value of links, views, exports…"),
    apiPath: z.string().describe("Base path of the record routes (list, create; `/{id}` for one record)"),
    label: label.describe("In the caller's language"),
    labels: z.strictObject(
      Object.fromEntries(LANGUAGES.map((l) => [l, label])) as Record<Language, typeof label>,
    ),
    owned: z.boolean().describe("Records have a responsible user (ownerId; reassignment, hand-over)"),
    titleField: z.string().nullable().describe("Field key of the record's title, when it is a plain field"),
    capabilities: z.strictObject({
      search: z.boolean().describe("Part of GET /api/v1/search (types=<name>)"),
      linkable: z.boolean().describe("Tasks, activities and custom link fields may point at its records"),
      customFields: z
        .boolean()
        .describe("Admin-defined fields; metadata at GET /api/v1/custom-fields/meta/<name>"),
      tags: z.boolean(),
      views: z.boolean().describe("Saved views of its list"),
      import: z.boolean(),
      export: z.array(z.enum(["csv", "xlsx", "vcf"])).describe("Export formats; empty: no export"),
      merge: z.boolean().describe("Duplicates and merge (GET /api/v1/duplicates, POST /api/v1/merge)"),
      timeline: z.boolean().describe("GET /api/v1/timeline/<name>/{id}"),
      files: z.boolean().describe("Files may be attached to its records (/api/v1/files?recordType=<name>)"),
      duplicateCheck: z
        .boolean()
        .describe(
          "Create forms ask POST /api/v1/duplicates/check for likely duplicates while being filled in",
        ),
    }),
    permissions: z
      .strictObject(
        Object.fromEntries(ACTIONS.map((a) => [a, z.enum(SCOPES)])) as Record<
          (typeof ACTIONS)[number],
          z.ZodEnum<{ none: "none"; own: "own"; team: "team"; all: "all" }>
        >,
      )
      .describe(
        "The caller's scope per action (none = may not; own/team/all = on which records). A read-only API token has none for every write.",
      ),
    navigation: z
      .strictObject({ group: z.enum(NAVIGATION_GROUPS), order: z.number().int() })
      .nullable()
      .describe("Where the navigation lists it (groups in the order customers, sales, work, catalog)"),
  })
  .meta({ id: "EntityMeta" });
export type EntityMeta = z.infer<typeof entityMetaSchema>;

function titleField(def: EntityDefinition): string | null {
  return typeof def.title === "string" ? (def.fields.find((f) => f.column === def.title)?.key ?? null) : null;
}

/** The entities the actor may read, as the web builds its navigation, lists, forms and actions from them. */
export function entitiesFor(entities: EntityCatalog, actor: Actor, language: Language): EntityMeta[] {
  return entities
    .all()
    .filter((d) => scopeFor(actor, d.name, "read") !== "none")
    .map((d) => {
      const has = (c: (typeof CAPABILITIES)[number]) => Boolean(d.capabilities[c]);
      return {
        name: d.name,
        apiPath: d.apiPath ?? `/api/v1/${d.name}`,
        label: entityLabel(d.labels, language),
        labels: Object.fromEntries(LANGUAGES.map((l) => [l, entityLabel(d.labels, l)])) as Record<
          Language,
          { singular: string; plural: string }
        >,
        owned: d.ownerColumn !== null,
        titleField: titleField(d),
        capabilities: {
          search: has("search"),
          linkable: has("linkable"),
          customFields: has("customFields"),
          tags: has("tags"),
          views: has("views"),
          import: has("import"),
          export: [...(d.capabilities.export?.formats ?? [])],
          merge: has("merge"),
          timeline: has("timeline"),
          files: has("files"),
          duplicateCheck: has("duplicateCheck"),
        },
        permissions: Object.fromEntries(
          ACTIONS.map((a) => [a, scopeFor(actor, d.name, a)]),
        ) as EntityMeta["permissions"],
        navigation: d.navigation ?? null,
      };
    });
}
