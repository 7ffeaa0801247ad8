import { fieldAccess, scopeFor } from "../../../platform/access/actor.js";
import { entityCatalog } from "../../../platform/records/catalog.js";
import type { EntityDefinition } from "../../../platform/records/definition.js";
import type { LeafStep } from "../schemas.js";
import type { ValidationContext } from "../validate.js";
import { renderValue, type Variables, variablesIn } from "../variables.js";
import { PermanentStepError, registerStepKind, type StepContext } from "./registry.js";

type Step = Extract<LeafStep, { type: "createRecord" }>;

/** Stands in for the rule's record id while the step is checked at save. */
const SOME_ID = "11111111-1111-4111-8111-111111111111";

const templated = (v: unknown) => typeof v === "string" && variablesIn(v).length > 0;

/** The step's flat values as a create body: `custom.<key>` entries go into `custom`. */
function body(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("custom.")) custom[k.slice(7)] = v;
    else out[k] = v;
  }
  return Object.keys(custom).length > 0 ? { ...out, custom } : out;
}

/** The step's key for a create-body issue path (`custom.<key>` for a custom value). */
const keyOf = (path: readonly PropertyKey[]) =>
  path[0] === "custom" && path.length > 1 ? `custom.${String(path[1])}` : String(path[0] ?? "");

function target(entity: string): EntityDefinition | undefined {
  const def = entityCatalog().get(entity);
  return def?.creator ? def : undefined;
}

function linkPart(def: EntityDefinition, from: EntityDefinition, id: string) {
  return def.creator?.linkTo(from, id) ?? null;
}

async function validate(step: Step, ctx: ValidationContext, path: string) {
  const def = target(step.entity);
  if (!def?.creator) {
    ctx.errors.push({
      field: `${path}.entity`,
      message: `Rules cannot create ${step.entity.slice(0, 60)}.`,
      code: "step_not_available",
    });
    return;
  }
  if (scopeFor(ctx.owner, def.name, "create") === "none") {
    ctx.errors.push({
      field: `${path}.entity`,
      message: `The rule's owner may not create ${def.name}.`,
      code: "permission_denied",
    });
  }
  const link = step.link ? linkPart(def, ctx.entity, SOME_ID) : {};
  if (!link) {
    ctx.errors.push({
      field: `${path}.link`,
      message: `${def.name} cannot be linked to ${ctx.entity.name}.`,
      code: "not_linkable",
    });
  }
  for (const [key, value] of Object.entries(step.values)) {
    const at = `${path}.values.${key}`;
    const access = fieldAccess(ctx.owner, def.name, key);
    if (access !== "write") {
      ctx.errors.push({
        field: at,
        message:
          access === "hidden"
            ? "The rule's owner may not read this field."
            : "The rule's owner may not change this field.",
        code: access === "hidden" ? "field_not_allowed" : "field_read_only",
      });
    }
    if (templated(value)) ctx.text(value as string, at);
  }
  // Fixed values are checked against the create body now; those from variables only when the step runs.
  const parsed = def.creator.createSchema.safeParse({ ...body(step.values), ...(link ?? {}) });
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const keys =
      issue.code === "unrecognized_keys" && issue.path.length === 0
        ? issue.keys.map((k) => [k])
        : [issue.path];
    for (const p of keys) {
      const key = keyOf(p);
      if (templated(step.values[key])) continue;
      const missing = !(key in step.values) && !(link && key in link);
      ctx.errors.push({
        field: key ? `${path}.values.${key}` : `${path}.values`,
        message: issue.code === "unrecognized_keys" ? `Unknown field ${key.slice(0, 100)}.` : issue.message,
        code: issue.code === "unrecognized_keys" ? "unknown_field" : missing ? "required" : "invalid_value",
      });
    }
  }
}

function input(step: Step, ctx: StepContext, vars: Variables): Record<string, unknown> {
  const values = Object.fromEntries(Object.entries(step.values).map(([k, v]) => [k, renderValue(v, vars)]));
  if (!step.link) return body(values);
  if (!ctx.recordId || !ctx.record) {
    throw new PermanentStepError(
      "record_not_found",
      "The record is gone or the rule's owner may not see it.",
    );
  }
  const def = target(step.entity);
  const link = def ? linkPart(def, ctx.entity, ctx.recordId) : null;
  if (!link)
    throw new PermanentStepError("not_linkable", `${step.entity} cannot be linked to ${ctx.entity.name}.`);
  return { ...body(values), ...link };
}

registerStepKind({
  type: "createRecord",
  validate,
  async run(step, ctx) {
    const def = target(step.entity);
    if (!def?.creator)
      throw new PermanentStepError("step_not_available", `Rules cannot create ${step.entity}.`);
    const parsed = def.creator.createSchema.safeParse(input(step, ctx, ctx.vars));
    if (!parsed.success) {
      throw new PermanentStepError(
        "invalid_value",
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    }
    const created = await def.creator.create(ctx.trx, ctx.request, ctx.deps.jobs, parsed.data as never);
    return { output: { entity: def.name, id: created.id } };
  },
  async preview(step, ctx) {
    const def = target(step.entity);
    const detail = input(step, ctx, ctx.vars);
    const label = def?.labels.en.singular ?? step.entity;
    return {
      wouldDo: `Create a ${label.toLowerCase()}${step.link ? " linked to the record" : ""}`,
      detail: { entity: step.entity, ...detail },
    };
  },
});
