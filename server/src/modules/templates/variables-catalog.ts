import type { RequestContext } from "../../platform/access/actor.js";
import { scopeFor } from "../../platform/access/actor.js";
import { isFieldHidden } from "../../platform/access/fields.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { entityLabel, type Language } from "../../platform/records/definition.js";
import { entityVariables } from "../../platform/templates/variables.js";
import { USER_VARIABLES } from "./render.js";
import type { Db } from "./repository.js";
import { userRow } from "./repository.js";

export const TEMPLATE_FILTERS = ["format_date", "format_datetime", "format_money", "format_number"];

/** The variable picker's catalogue: per entity the fields the caller may see (readable entities only). */
export async function variableCatalog(db: Db, ctx: RequestContext) {
  const [entities, me] = await Promise.all([
    entityVariables(db, entityCatalog()),
    userRow(db, ctx.actor.userId),
  ]);
  const lang = (me?.language ?? "en") as Language;
  const namespaces = entities
    .filter((e) => scopeFor(ctx.actor, e.entity.name, "read") !== "none")
    .map((e) => ({
      namespace: e.namespace,
      entity: e.entity.name,
      label: entityLabel(e.entity.labels, lang).singular,
      variables: e.fields
        .filter((f) => !isFieldHidden(ctx.actor, e.entity.name, f))
        .map((f) => ({
          path: f.key,
          type: f.type,
          label: f.label ?? null,
        })),
    }));
  namespaces.push({
    namespace: "user",
    entity: null as never,
    label: "user",
    variables: USER_VARIABLES.map((path) => ({ path, type: "text", label: null })),
  });
  return { namespaces, filters: TEMPLATE_FILTERS };
}
