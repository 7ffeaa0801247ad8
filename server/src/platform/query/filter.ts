import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../access/actor.js";
import { type FieldMeta, isFieldHidden } from "../access/fields.js";
import { type FieldError, ValidationError } from "../errors.js";
import { entityCatalog } from "../records/catalog.js";
import { fuzzyFilter } from "../records/search-backlog.js";
import { fieldExpression, isArrayField, typedValue } from "./expressions.js";
import { RELATIVE_DATES, type RelativeDate, relativeDatePredicate } from "./relative-dates.js";

/**
 * The filter grammar of every list endpoint (`?filter=<JSON>`):
 *
 *   node      = { "and": node[] } | { "or": node[] } | condition
 *   condition = { "field": "<key>", "op": "<operator>", "value": <typed value> }
 *
 * Operators: eq, ne, lt, lte, gt, gte, between ([from, to], inclusive), contains, startsWith, in, notIn
 * (arrays), isEmpty, isNotEmpty (no value) and relative (dates: today, thisWeek, overdue, …, evaluated in
 * the user's time zone). Values are checked against the field type; every problem is reported as a
 * per-field 422 (`filter.<field>`). Groups nest at most 4 deep with at most 50 conditions.
 */
export const OPERATORS = [
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "between",
  "contains",
  "startsWith",
  "in",
  "notIn",
  "isEmpty",
  "isNotEmpty",
  "relative",
] as const;
export type Operator = (typeof OPERATORS)[number];

export const MAX_FILTER_DEPTH = 4;
export const MAX_FILTER_CONDITIONS = 50;
const MAX_IN_VALUES = 100;
const MAX_TEXT = 500;

export interface FilterContext {
  actor: Actor;
  entity: string;
  alias: string;
  fields: FieldMeta[];
  /** SQL expression of the user's IANA time zone (for relative dates). */
  timeZone: RawBuilder<unknown>;
}

const folded = new Set(["text", "longText"]);

/**
 * Text matches the fuzzy-search indexes serve: on a searchable table they also read the rows a bulk writer left
 * pending for the search catch-up (`platform/records/search-backlog.ts`), so a filter never misses a record.
 */
const fuzzy = (ctx: FilterContext, cond: RawBuilder<SqlBool>): RawBuilder<SqlBool> =>
  entityCatalog().get(ctx.entity)?.capabilities.search
    ? (fuzzyFilter(ctx.alias, cond) as RawBuilder<SqlBool>)
    : cond;
const textual = new Set(["text", "longText", "email", "phone", "url", "select"]);
const comparable = new Set([
  "text",
  "longText",
  "email",
  "phone",
  "url",
  "select",
  "number",
  "money",
  "date",
  "dateTime",
  "user",
  "link",
  "uuid",
]);

export const operatorsFor = (f: FieldMeta): readonly Operator[] => {
  if (f.condition) return ["eq"];
  if (isArrayField(f)) return ["eq", "contains", "in", "notIn", "isEmpty", "isNotEmpty"];
  if (f.type === "boolean") return ["eq", "ne", "isEmpty", "isNotEmpty"];
  if (f.type === "user" || f.type === "link" || f.type === "uuid")
    return ["eq", "ne", "in", "notIn", "isEmpty", "isNotEmpty"];
  const base: Operator[] = [
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "between",
    "in",
    "notIn",
    "isEmpty",
    "isNotEmpty",
  ];
  if (textual.has(f.type)) base.push("contains", "startsWith");
  if (f.type === "date" || f.type === "dateTime") base.push("relative");
  return base;
};

class Collector {
  errors: FieldError[] = [];
  conditions = 0;
  add(field: string, message: string, code: string) {
    if (!this.errors.some((e) => e.field === field && e.code === code))
      this.errors.push({ field, message, code });
  }
}

/** Parses the `filter` query parameter and compiles it to a SQL predicate; throws a 422 listing every problem. */
export function compileFilter(raw: string | undefined | null, ctx: FilterContext): RawBuilder<SqlBool> {
  if (raw === undefined || raw === null || raw.trim() === "") return sql<SqlBool>`true`;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw ValidationError.field("filter", "The filter is not valid JSON.", "invalid_filter");
  }
  return compileFilterNode(doc, ctx);
}

export function compileFilterNode(doc: unknown, ctx: FilterContext): RawBuilder<SqlBool> {
  const c = new Collector();
  const out = node(doc, ctx, c, 1);
  if (c.errors.length > 0) throw new ValidationError(c.errors, "The filter is invalid.");
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function node(doc: unknown, ctx: FilterContext, c: Collector, depth: number): RawBuilder<SqlBool> {
  const none = sql<SqlBool>`true`;
  if (!isObject(doc)) {
    c.add("filter", "A filter node must be an object.", "invalid_filter");
    return none;
  }
  const group = "and" in doc ? "and" : "or" in doc ? "or" : null;
  if (group) {
    const items = doc[group];
    if (Object.keys(doc).length !== 1 || !Array.isArray(items)) {
      c.add("filter", `"${group}" must be the only key and hold an array.`, "invalid_filter");
      return none;
    }
    if (depth > MAX_FILTER_DEPTH) {
      c.add("filter", `Filter groups nest at most ${MAX_FILTER_DEPTH} levels deep.`, "filter_too_deep");
      return none;
    }
    if (items.length === 0) return none;
    const parts = items.map((i) => node(i, ctx, c, depth + 1));
    return sql<SqlBool>`(${sql.join(parts, group === "and" ? sql` and ` : sql` or `)})`;
  }
  c.conditions += 1;
  if (c.conditions > MAX_FILTER_CONDITIONS) {
    c.add("filter", `A filter has at most ${MAX_FILTER_CONDITIONS} conditions.`, "filter_too_large");
    return none;
  }
  return condition(doc, ctx, c);
}

function condition(doc: Record<string, unknown>, ctx: FilterContext, c: Collector): RawBuilder<SqlBool> {
  const none = sql<SqlBool>`true`;
  const extra = Object.keys(doc).filter((k) => k !== "field" && k !== "op" && k !== "value");
  if (typeof doc.field !== "string" || typeof doc.op !== "string" || extra.length > 0) {
    c.add("filter", 'A condition is {"field", "op", "value"}.', "invalid_filter");
    return none;
  }
  const key = doc.field.slice(0, 100);
  const path = `filter.${key}`;
  const field = ctx.fields.find((f) => f.key === key);
  if (!field) {
    c.add(path, "Unknown field.", "unknown_field");
    return none;
  }
  if (isFieldHidden(ctx.actor, ctx.entity, field)) {
    c.add(path, "You may not filter by this field.", "field_not_allowed");
    return none;
  }
  if (!field.filterable) {
    c.add(path, "This field cannot be filtered.", "field_not_filterable");
    return none;
  }
  const op = doc.op as Operator;
  if (!operatorsFor(field).includes(op)) {
    c.add(
      path,
      `Operator "${doc.op.slice(0, 30)}" does not apply to a ${field.type} field.`,
      "invalid_operator",
    );
    return none;
  }
  const result = predicate(field, op, doc.value, ctx);
  if (typeof result === "string") {
    c.add(path, result, "invalid_filter_value");
    return none;
  }
  return result;
}

/** Checks one scalar against the field type; returns the value to bind or an error message. */
function scalar(field: FieldMeta, v: unknown, ctx: FilterContext): { ok: unknown } | string {
  switch (field.type) {
    case "number":
    case "money": {
      const s = typeof v === "number" && Number.isFinite(v) ? String(v) : v;
      return typeof s === "string" && /^-?\d{1,15}(\.\d{1,6})?$/.test(s) ? { ok: s } : "Expected a number.";
    }
    case "date":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? { ok: v }
        : "Expected a date (YYYY-MM-DD).";
    case "dateTime":
      return typeof v === "string" &&
        /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) &&
        !Number.isNaN(Date.parse(v))
        ? { ok: new Date(v).toISOString() }
        : "Expected an ISO 8601 date-time with a zone.";
    case "boolean":
      return typeof v === "boolean" ? { ok: v } : "Expected true or false.";
    case "user":
      if (v === "me") return { ok: ctx.actor.userId };
      return isUuid(v) ? { ok: v.toLowerCase() } : 'Expected a user id or "me".';
    case "link":
    case "uuid":
      return isUuid(v) ? { ok: v.toLowerCase() } : "Expected an id.";
    case "select":
    case "multiSelect":
      if (typeof v !== "string" || v.length > MAX_TEXT) return "Expected one of the field's options.";
      if (field.options && !field.options.includes(v)) return "Not one of the field's options.";
      return { ok: v };
    default:
      return typeof v === "string" && v.length <= MAX_TEXT
        ? { ok: v }
        : `Expected text up to ${MAX_TEXT} characters.`;
  }
}

function isUuid(v: unknown): v is string {
  return typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

function list(field: FieldMeta, v: unknown, ctx: FilterContext): unknown[] | string {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_IN_VALUES) {
    return `Expected an array of 1 to ${MAX_IN_VALUES} values.`;
  }
  const out: unknown[] = [];
  for (const item of v) {
    const s = scalar(field, item, ctx);
    if (typeof s === "string") return s;
    out.push(s.ok);
  }
  return out;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function predicate(
  field: FieldMeta,
  op: Operator,
  value: unknown,
  ctx: FilterContext,
): RawBuilder<SqlBool> | string {
  if (field.condition) {
    return typeof value === "string" && value.length > 0 && value.length <= MAX_TEXT
      ? field.condition(ctx.alias, value)
      : `Expected text of 1 to ${MAX_TEXT} characters.`;
  }
  const e = fieldExpression(ctx.alias, field);
  if (op === "isEmpty" || op === "isNotEmpty") {
    if (value !== undefined && value !== null) return "This operator takes no value.";
    let empty: RawBuilder<SqlBool>;
    if (isArrayField(field)) {
      empty = field.custom
        ? sql<SqlBool>`(${e} is null or ${e} = '[]'::jsonb)`
        : sql<SqlBool>`(${e} is null or cardinality(${e}) = 0)`;
    } else if (textual.has(field.type)) empty = sql<SqlBool>`(${e} is null or ${e} = '')`;
    else empty = sql<SqlBool>`(${e} is null)`;
    return op === "isEmpty" ? empty : sql<SqlBool>`not ${empty}`;
  }
  if (isArrayField(field)) return arrayPredicate(field, op, value, e, ctx);
  if (op === "relative") {
    if (typeof value !== "string" || !(RELATIVE_DATES as readonly string[]).includes(value)) {
      return `Expected one of: ${RELATIVE_DATES.join(", ")}.`;
    }
    return relativeDatePredicate(
      e,
      field.type === "date" ? "date" : "dateTime",
      value as RelativeDate,
      ctx.timeZone,
    );
  }
  if (op === "in" || op === "notIn") {
    const values = list(field, value, ctx);
    if (typeof values === "string") return values;
    const arr = sql`${sql.join(values.map((v) => typedValue(field, v)))}`;
    return op === "in"
      ? sql<SqlBool>`${e} in (${arr})`
      : sql<SqlBool>`(${e} is null or ${e} not in (${arr}))`;
  }
  if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2) return "Expected [from, to].";
    const [a, b] = [scalar(field, value[0], ctx), scalar(field, value[1], ctx)];
    if (typeof a === "string") return a;
    if (typeof b === "string") return b;
    return sql<SqlBool>`(${e} between ${typedValue(field, a.ok)} and ${typedValue(field, b.ok)})`;
  }
  if (op === "contains" || op === "startsWith") {
    if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) {
      return `Expected text of 1 to ${MAX_TEXT} characters.`;
    }
    const text = field.normalize ? field.normalize(value) : value;
    if (!text) return "Expected text with something to match.";
    const pattern = op === "contains" ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
    // Text is matched the way search matches it (case, accents, ё/е and the like folded): the name-like
    // fields have trigram indexes on `tandem_search_norm(col)`.
    if (folded.has(field.type)) {
      return fuzzy(ctx, sql<SqlBool>`tandem_search_norm(${e}) like tandem_search_norm(${pattern})`);
    }
    return fuzzy(ctx, sql<SqlBool>`${e} ilike ${pattern}`);
  }
  const s = scalar(field, value, ctx);
  if (typeof s === "string") return s;
  const v = typedValue(field, s.ok);
  if (!comparable.has(field.type) && op !== "eq" && op !== "ne") return "Operator does not apply.";
  if (field.searchFold && (op === "eq" || op === "ne")) {
    const same = sql<SqlBool>`tandem_search_norm(${e}) = tandem_search_norm(${v})`;
    return op === "eq" ? same : sql<SqlBool>`(${e} is null or not ${same})`;
  }
  switch (op) {
    case "eq":
      return sql<SqlBool>`${e} = ${v}`;
    case "ne":
      return sql<SqlBool>`${e} is distinct from ${v}`;
    case "lt":
      return sql<SqlBool>`${e} < ${v}`;
    case "lte":
      return sql<SqlBool>`${e} <= ${v}`;
    case "gt":
      return sql<SqlBool>`${e} > ${v}`;
    default:
      return sql<SqlBool>`${e} >= ${v}`;
  }
}

function arrayPredicate(
  field: FieldMeta,
  op: Operator,
  value: unknown,
  e: RawBuilder<unknown>,
  ctx: FilterContext,
): RawBuilder<SqlBool> | string {
  const values = list(field, Array.isArray(value) ? value : [value], ctx);
  if (typeof values === "string") return values;
  const strings = values.map((v) => (field.normalize ? field.normalize(String(v)) : String(v)));
  if (field.custom) {
    const json = JSON.stringify(strings);
    switch (op) {
      case "contains":
        return sql<SqlBool>`${e} @> ${json}::jsonb`;
      case "eq":
        return sql<SqlBool>`(${e} @> ${json}::jsonb and ${e} <@ ${json}::jsonb)`;
      case "in":
        return sql<SqlBool>`${e} ?| ${strings}::text[]`;
      default:
        return sql<SqlBool>`(${e} is null or not (${e} ?| ${strings}::text[]))`;
    }
  }
  if (op === "contains" && field.type === "email") {
    const c = emailContains(e, strings);
    return typeof c === "string" ? c : fuzzy(ctx, c);
  }
  switch (op) {
    case "contains":
      return sql<SqlBool>`${e} @> ${strings}::text[]`;
    case "eq":
      return sql<SqlBool>`(${e} @> ${strings}::text[] and ${e} <@ ${strings}::text[])`;
    case "in":
      return sql<SqlBool>`${e} && ${strings}::text[]`;
    default:
      return sql<SqlBool>`not (${e} && ${strings}::text[])`;
  }
}

/**
 * An address list "contains" each value as a part of one of its addresses (a domain such as
 * `espinoza-francis.net`, a name): a LIKE over the joined addresses, which is the expression of the search
 * migrations' trigram index (`tandem_search_join(email_values)`); addresses hold no spaces, so a part without
 * one never spans two of them.
 */
function emailContains(e: RawBuilder<unknown>, parts: string[]): RawBuilder<SqlBool> | string {
  if (parts.some((p) => p.length === 0 || /\s/.test(p)))
    return "Expected a part of an address, without spaces.";
  const likes = parts.map((p) => sql<SqlBool>`tandem_search_join(${e}) like ${`%${escapeLike(p)}%`}`);
  return sql<SqlBool>`(${sql.join(likes, sql` and `)})`;
}
