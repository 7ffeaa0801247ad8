import type { FieldMeta } from "../../platform/access/fields.js";
import type { FieldError } from "../../platform/errors.js";
import type { Trigger } from "./schemas.js";
import { knownRunFact } from "./variable-catalog.js";

/**
 * `{{namespace.path}}` variables in rule texts (task titles, messages, webhook bodies, field values):
 *   record.<field>  the record's field (API key, `custom.<key>` too) as the step sees it
 *   trigger.<key>   facts of the triggering moment (`trigger.kind`, `trigger.entityId`, `trigger.occurredAt`…)
 *   <ns>.<name>     a variable the trigger kind gives (`message.subject` of "a message was received"), read
 *                   when the run is created (`AutomationTriggerKind.variables` / `loadVariables`)
 *   hook.<name>     a variable mapped from an inbound webhook's payload (`inboundWebhook.variables`)
 *   previous.<key>  the outcome the rule that started this one passed on (`previous.status`, `previous.ruleName`)
 *   rule.name, rule.id, run.id, now
 * Unknown variables are refused when the rule is saved; at run time a missing value renders as "".
 */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)*$/;
const FIXED = new Set(["rule.name", "rule.id", "run.id", "now"]);

export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? "");
}

export interface VariableScope {
  fields: readonly FieldMeta[];
  hidden: (f: FieldMeta) => boolean;
  trigger: Trigger;
  /** Names of the trigger kind's own variables (`message.subject`). */
  triggerVariables: ReadonlySet<string>;
}

/** Problems with the variables of one text (`path` names the definition field for the 422). */
export function checkVariables(text: string, path: string, ctx: VariableScope): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of variablesIn(text)) {
    const problem = variableProblem(name, ctx);
    if (problem)
      errors.push({ field: path, message: `{{${name.slice(0, 80)}}}: ${problem}`, code: "unknown_variable" });
  }
  return errors;
}

function variableProblem(name: string, ctx: VariableScope): string | null {
  if (!NAME.test(name)) return "not a variable name.";
  if (FIXED.has(name) || ctx.triggerVariables.has(name)) return null;
  const dot = name.indexOf(".");
  const ns = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? "" : name.slice(dot + 1);
  switch (ns) {
    case "record": {
      const field = ctx.fields.find((f) => f.key === rest);
      if (!field) return "the record has no such field.";
      if (ctx.hidden(field)) return "the rule's owner may not read this field.";
      return null;
    }
    case "trigger":
    case "previous":
      if (!rest) return "name a key.";
      return knownRunFact(ns, rest) ? null : "runs have no such fact.";
    case "hook":
      if (ctx.trigger.kind !== "inboundWebhook") return "only inbound webhook rules have hook variables.";
      return rest in ctx.trigger.variables ? null : "the trigger maps no such variable.";
    default:
      return [...ctx.triggerVariables].some((v) => v.startsWith(`${ns}.`))
        ? "the trigger has no such variable."
        : "unknown variable.";
  }
}

export interface Variables {
  record: Record<string, unknown>;
  trigger: Record<string, unknown>;
  hook: Record<string, unknown>;
  previous: Record<string, unknown>;
  rule: { id: string; name: string };
  run: { id: string };
  now: string;
  /** The trigger's own namespaces (`message`). */
  [namespace: string]: unknown;
}

export function lookup(vars: Variables, name: string): unknown {
  let cur: unknown = vars;
  for (const part of name.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Renders a text; `json` escapes each value for a JSON string context. */
export function render(text: string, vars: Variables, opts: { json?: boolean } = {}): string {
  return text.replace(VARIABLE, (_m, name: string) => {
    const s = asText(lookup(vars, name));
    return opts.json ? JSON.stringify(s).slice(1, -1) : s;
  });
}

/** A value of an "update fields" step: a text with exactly one variable keeps the variable's type. */
export function renderValue(value: unknown, vars: Variables): unknown {
  if (typeof value !== "string") return value;
  const only = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(value);
  if (only) return lookup(vars, only[1] ?? "") ?? null;
  return render(value, vars);
}

/** Reads a dotted path out of a JSON payload (`customer.email`, `items.0.sku`). */
export function pathValue(payload: unknown, path: string): unknown {
  return lookup(payload as Variables, path);
}
