import { z } from "zod";
import type { FieldError } from "../../platform/errors.js";
import type { TriggerVariableType } from "../../platform/events/automation-triggers.js";
import { lookup, type Variables } from "./variables.js";

/**
 * Conditions on the trigger's own variables (`message.subject contains "invoice"`, `message.hasAttachments is
 * true`): each variable has a type (`TriggerVariable.type`) and each type takes its operators. Checked at save
 * (the variable exists for the trigger, the operator fits its type, the value is of the type), evaluated on
 * the values the run was created with. Texts compare without regard to case.
 */
export const VARIABLE_OPERATORS = {
  text: ["eq", "ne", "contains", "notContains", "startsWith", "endsWith", "isEmpty", "isNotEmpty"],
  email: ["eq", "ne", "contains", "notContains", "startsWith", "endsWith", "isEmpty", "isNotEmpty"],
  id: ["eq", "ne", "isEmpty", "isNotEmpty"],
  boolean: ["isTrue", "isFalse"],
  dateTime: ["before", "after", "isEmpty", "isNotEmpty"],
  number: ["eq", "ne", "gt", "gte", "lt", "lte", "isEmpty", "isNotEmpty"],
} as const satisfies Record<TriggerVariableType, readonly string[]>;

const ALL_OPERATORS = [...new Set(Object.values(VARIABLE_OPERATORS).flat())] as [string, ...string[]];
const NO_VALUE = new Set(["isEmpty", "isNotEmpty", "isTrue", "isFalse"]);

export const variableConditionSchema = z.strictObject({
  variable: z.string().max(120).describe("A variable of the trigger (`message.subject`), see the catalog."),
  op: z.enum(ALL_OPERATORS),
  value: z.unknown().optional().describe("The operand; absent for isEmpty/isNotEmpty/isTrue/isFalse."),
});
export type VariableCondition = z.infer<typeof variableConditionSchema>;

const valueOk: Record<TriggerVariableType, (v: unknown) => boolean> = {
  text: (v) => typeof v === "string" && v.length <= 1000,
  email: (v) => typeof v === "string" && v.length <= 320,
  id: (v) => typeof v === "string" && z.uuid().safeParse(v).success,
  boolean: () => true,
  dateTime: (v) => typeof v === "string" && z.iso.datetime({ offset: true }).safeParse(v).success,
  number: (v) => typeof v === "number" && Number.isFinite(v),
};

/** Save-time problems of the variable conditions at `path` (`…conditions`), given the trigger's typed variables. */
export function checkVariableConditions(
  conditions: readonly VariableCondition[],
  types: ReadonlyMap<string, TriggerVariableType>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [i, c] of conditions.entries()) {
    const at = `${path}.variables.${i}`;
    const type = types.get(c.variable);
    if (!type) {
      errors.push({
        field: `${at}.variable`,
        message: `{{${c.variable.slice(0, 80)}}}: the trigger has no such variable.`,
        code: "unknown_variable",
      });
      continue;
    }
    if (!(VARIABLE_OPERATORS[type] as readonly string[]).includes(c.op)) {
      errors.push({
        field: `${at}.op`,
        message: `A ${type} variable takes ${VARIABLE_OPERATORS[type].join(", ")}.`,
        code: "operator_not_allowed",
      });
      continue;
    }
    if (NO_VALUE.has(c.op) ? c.value !== undefined : !valueOk[type](c.value)) {
      errors.push({
        field: `${at}.value`,
        message: NO_VALUE.has(c.op) ? "This operator takes no value." : `Give a ${type} value.`,
        code: "invalid_value",
      });
    }
  }
  return errors;
}

const fold = (v: unknown) => (v === null || v === undefined ? "" : String(v)).toLocaleLowerCase("en");
const empty = (v: unknown) => v === null || v === undefined || v === "";

function holds(c: VariableCondition, actual: unknown): boolean {
  const a = fold(actual);
  const b = fold(c.value);
  switch (c.op) {
    case "isEmpty":
      return empty(actual);
    case "isNotEmpty":
      return !empty(actual);
    case "isTrue":
      return actual === true;
    case "isFalse":
      return actual !== true;
    case "eq":
      return typeof c.value === "number" ? Number(actual) === c.value : a === b;
    case "ne":
      return typeof c.value === "number" ? Number(actual) !== c.value : a !== b;
    case "contains":
      return a.includes(b);
    case "notContains":
      return !a.includes(b);
    case "startsWith":
      return a.startsWith(b);
    case "endsWith":
      return a.endsWith(b);
    case "gt":
      return !empty(actual) && Number(actual) > Number(c.value);
    case "gte":
      return !empty(actual) && Number(actual) >= Number(c.value);
    case "lt":
      return !empty(actual) && Number(actual) < Number(c.value);
    case "lte":
      return !empty(actual) && Number(actual) <= Number(c.value);
    case "before":
      return !empty(actual) && Date.parse(String(actual)) < Date.parse(String(c.value));
    case "after":
      return !empty(actual) && Date.parse(String(actual)) > Date.parse(String(c.value));
    default:
      return false;
  }
}

/** Whether every variable condition holds on the run's variables. */
export function variableConditionsHold(
  conditions: readonly VariableCondition[],
  vars: Partial<Variables> & Record<string, unknown>,
): boolean {
  return conditions.every((c) => holds(c, lookup(vars as Variables, c.variable)));
}
