import type { Kysely, Transaction } from "kysely";
import { type Actor, fieldAccess } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, type FieldError, ValidationError } from "../../platform/errors.js";
import type { TriggerVariableType } from "../../platform/events/automation-triggers.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { checkCron } from "./cron.js";
import { compileConditionFilter } from "./records.js";
import { checkRelated } from "./related.js";
import type { Conditions, Definition, Step } from "./schemas.js";
import { stepKind } from "./steps/registry.js";
import { triggerKind } from "./triggers.js";
import { conditionVariableTypes, triggerVariables, valueClass, variableType } from "./variable-catalog.js";
import { checkVariableConditions } from "./variable-conditions.js";
import { checkVariables } from "./variables.js";

type Db = Kysely<DB> | Transaction<DB>;

export interface ValidationContext {
  db: Db;
  owner: Actor;
  entity: EntityDefinition;
  fields: FieldMeta[];
  definition: Definition;
  outboundAllowHosts: readonly string[];
  /** The trigger's typed variables conditions may test (`message.subject`, `hook.<name>`). */
  conditionVariables: ReadonlyMap<string, TriggerVariableType>;
  /** Text checks collected here (variables…). */
  errors: FieldError[];
  /** `{{variables}}` of a text at a path. */
  text(text: string | undefined, path: string): void;
  /** A value that is one `{{variable}}` written into a field of `fieldType`: the variable's type must fit. */
  valueFor(value: string, fieldType: string, path: string): void;
  hidden(f: FieldMeta): boolean;
}

/**
 * Checks a rule before it is saved, as its owner: the trigger is offered for the entity, every field named
 * (conditions, trigger, steps, variables) exists and is readable by the owner, written fields are writable,
 * the cron schedule is valid and not more frequent than every 5 minutes, and each step's own checks pass.
 * Throws one 422 listing every problem.
 */
export async function validateDefinition(
  db: Db,
  owner: Actor,
  entity: EntityDefinition,
  definition: Definition,
  outboundAllowHosts: readonly string[],
  entities: readonly EntityDefinition[] = [entity],
): Promise<void> {
  const fields = await fieldsFor(db, entity.name);
  const errors: FieldError[] = [];
  const t = definition.trigger;
  const kind = triggerKind(t.kind);
  const offered = kind.appliesTo(fields, entity);
  const own = offered ? triggerVariables(t.kind, entity, entities) : [];
  const triggerVariableNames = new Set(own.map((v) => v.name));
  const ownTypes = new Map(own.map((v) => [v.name, v.type] as const));
  const ctx: ValidationContext = {
    db,
    owner,
    entity,
    fields,
    definition,
    outboundAllowHosts,
    conditionVariables: offered ? conditionVariableTypes(t, entity, entities) : new Map(),
    errors,
    hidden: (f) => isFieldHidden(owner, entity.name, f),
    valueFor(value, fieldType, path) {
      const only = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(value)?.[1];
      const type = only ? variableType(only, { fields, triggerVariables: ownTypes }) : null;
      if (!type) return;
      const target = valueClass(fieldType);
      if (target !== "text" && valueClass(type) !== target)
        errors.push({
          field: path,
          message: `{{${only}}} holds a ${type} value; this field takes ${fieldType}.`,
          code: "variable_type_mismatch",
        });
    },
    text(text, path) {
      if (text)
        errors.push(
          ...checkVariables(text, path, {
            fields,
            hidden: this.hidden,
            trigger: definition.trigger,
            triggerVariables: triggerVariableNames,
          }),
        );
    },
  };
  if (!offered) {
    errors.push({
      field: "definition.trigger.kind",
      message: `${entity.name} offers no "${t.kind}" trigger.`,
      code: "trigger_not_available",
    });
  } else {
    errors.push(...(kind.validate?.(t, fields) ?? []));
  }
  if ("field" in t) checkReadable(ctx, t.field, "definition.trigger.field");
  if (t.kind === "schedule") errors.push(...checkCron(t.cron, t.timeZone, "definition.trigger"));
  await checkConditions(ctx, definition.conditions, "definition.conditions");
  const ids = new Set<string>();
  await checkSteps(ctx, definition.steps, "definition.steps", ids);
  if (errors.length > 0) throw new ValidationError(errors, "The rule is invalid.");
}

export function checkReadable(ctx: ValidationContext, key: string, path: string): FieldMeta | null {
  const f = ctx.fields.find((x) => x.key === key);
  if (!f) {
    ctx.errors.push({ field: path, message: `Unknown field ${key.slice(0, 100)}.`, code: "unknown_field" });
    return null;
  }
  if (ctx.hidden(f)) {
    ctx.errors.push({
      field: path,
      message: "The rule's owner may not read this field.",
      code: "field_not_allowed",
    });
    return null;
  }
  return f;
}

export function checkWritable(ctx: ValidationContext, key: string, path: string): void {
  if (!checkReadable(ctx, key, path)) return;
  if (fieldAccess(ctx.owner, ctx.entity.name, key) !== "write") {
    ctx.errors.push({
      field: path,
      message: "The rule's owner may not change this field.",
      code: "field_read_only",
    });
  }
}

async function checkConditions(ctx: ValidationContext, c: Conditions, path: string): Promise<void> {
  if (c.filter && Object.keys(c.filter).length > 0) {
    try {
      compileConditionFilter(c.filter, ctx.owner, ctx.entity.name, ctx.fields, path);
    } catch (e) {
      if (e instanceof AppError && e.errors) ctx.errors.push(...e.errors);
      else throw e;
    }
  }
  for (const [i, ch] of (c.changed ?? []).entries())
    checkReadable(ctx, ch.field, `${path}.changed.${i}.field`);
  if (c.variables?.length)
    ctx.errors.push(...checkVariableConditions(c.variables, ctx.conditionVariables, path));
  if (c.related?.length)
    ctx.errors.push(...(await checkRelated(ctx.db, ctx.owner, ctx.entity, ctx.fields, c.related, path)));
}

async function checkSteps(
  ctx: ValidationContext,
  steps: Step[],
  path: string,
  ids: Set<string>,
): Promise<void> {
  for (const [i, step] of steps.entries()) {
    const at = `${path}.${i}`;
    if (ids.has(step.id))
      ctx.errors.push({ field: `${at}.id`, message: "Step ids must be unique.", code: "duplicate_step_id" });
    ids.add(step.id);
    if (step.type === "branch") {
      await checkConditions(ctx, step.if, `${at}.if`);
      await checkSteps(ctx, step.thenSteps, `${at}.thenSteps`, ids);
      await checkSteps(ctx, step.elseSteps, `${at}.elseSteps`, ids);
      continue;
    }
    await stepKind(step.type).validate(step as never, ctx, at);
  }
}
