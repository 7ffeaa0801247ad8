import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../access/actor.js";
import { type FieldMeta, isFieldHidden } from "../access/fields.js";
import { BadRequestError, ValidationError } from "../errors.js";
import { decodeCursor, encodeCursor } from "../http/schemas.js";
import { fieldExpression, typedValue } from "./expressions.js";

/**
 * `sort=name,-createdAt`: up to 5 sortable fields, `-` for descending; `id` is always appended as the
 * stable tie-breaker. Empty values (NULL) come last in both directions. A field that cannot be NULL keeps
 * PostgreSQL's default descending order (`desc` = NULLS FIRST), so its ascending b-tree `(col, id)` index is
 * scanned backwards; a nullable field sorted descending needs `(col desc nulls last, id desc)` to be served
 * by an index. Pagination is keyset: the cursor holds the sort values of the last row. A field may sort by
 * another value than it filters on (`FieldMeta.sortBy`: the owner's name, the first phone number).
 */
export interface SortKey {
  field: FieldMeta;
  desc: boolean;
}

export const MAX_SORT_KEYS = 5;

const idField: FieldMeta = {
  key: "id",
  column: "id",
  type: "uuid",
  filterable: true,
  sortable: true,
  nullable: false,
};

export function parseSort(
  raw: string | undefined,
  defaultSort: string,
  ctx: { actor: Actor; entity: string; fields: FieldMeta[] },
): SortKey[] {
  const spec = raw?.trim() ? raw : defaultSort;
  const parts = spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > MAX_SORT_KEYS) {
    throw ValidationError.field("sort", `Sort by at most ${MAX_SORT_KEYS} fields.`, "sort_too_long");
  }
  const keys: SortKey[] = [];
  const errors: { field: string; message: string; code: string }[] = [];
  for (const p of parts) {
    const desc = p.startsWith("-");
    const key = (desc ? p.slice(1) : p).slice(0, 100);
    const field = key === "id" ? idField : ctx.fields.find((f) => f.key === key);
    if (!field) errors.push({ field: `sort.${key}`, message: "Unknown field.", code: "unknown_field" });
    else if (isFieldHidden(ctx.actor, ctx.entity, field)) {
      errors.push({
        field: `sort.${key}`,
        message: "You may not sort by this field.",
        code: "field_not_allowed",
      });
    } else if (!field.sortable) {
      errors.push({
        field: `sort.${key}`,
        message: "This field cannot be sorted.",
        code: "field_not_sortable",
      });
    } else if (!keys.some((k) => k.field.key === field.key)) keys.push({ field: sortField(field), desc });
  }
  if (errors.length > 0) throw new ValidationError(errors, "The sort is invalid.");
  const last = keys.at(-1);
  if (!keys.some((k) => k.field.key === "id")) keys.push({ field: idField, desc: last?.desc ?? false });
  else keys.splice(keys.findIndex((k) => k.field.key === "id") + 1);
  return keys;
}

/** The field as the sort sees it: a declared `sortBy` value replaces its column, type and nullability. */
function sortField(field: FieldMeta): FieldMeta {
  if (!field.sortBy) return field;
  const { expression, type, nullable } = field.sortBy;
  return { ...field, expression, type, nullable, custom: false };
}

function direction(k: SortKey): string {
  if (!k.desc) return "asc nulls last";
  return k.field.nullable === false ? "desc" : "desc nulls last";
}

export function orderBySql(alias: string, keys: SortKey[]): RawBuilder<unknown> {
  return sql.join(keys.map((k) => sql`${fieldExpression(alias, k.field)} ${sql.raw(direction(k))}`));
}

/** `array[k1::text, …]`: the sort values of each row, read back to build the next cursor. */
export function cursorColumn(alias: string, keys: SortKey[]) {
  return sql<
    (string | null)[]
  >`array[${sql.join(keys.map((k) => sql`(${fieldExpression(alias, k.field)})::text`))}]`.as("_cursor");
}

function signature(keys: SortKey[]): string {
  return keys.map((k) => `${k.desc ? "-" : ""}${k.field.key}`).join(",");
}

export function makeCursor(keys: SortKey[], values: (string | null)[]): string {
  return encodeCursor([signature(keys), ...values]);
}

/** The keyset predicate "rows after the cursor"; a cursor from another sort order is refused (400). */
export function afterCursor(alias: string, keys: SortKey[], cursor: string): RawBuilder<SqlBool> {
  const decoded = decodeCursor(cursor, keys.length + 1);
  const [sig, ...values] = decoded;
  if (sig !== signature(keys) || !values.every((v) => v === null || typeof v === "string")) {
    throw new BadRequestError("invalid_cursor", "The cursor is invalid or belongs to another sort order.");
  }
  const vals = values as (string | null)[];
  const bound = (i: number) => typedValue(keys[i]!.field, vals[i]);
  const expr = (i: number) => fieldExpression(alias, keys[i]!.field);
  const sameDirection = keys.every((k) => k.desc === keys[0]!.desc);
  const noNulls = keys.every((k, i) => k.field.nullable === false && vals[i] !== null);
  if (sameDirection && noNulls) {
    // A row comparison lets PostgreSQL start the index scan right at the cursor.
    const lhs = sql.join(keys.map((_, i) => expr(i)));
    const rhs = sql.join(keys.map((_, i) => bound(i)));
    return keys[0]!.desc ? sql<SqlBool>`(${lhs}) < (${rhs})` : sql<SqlBool>`(${lhs}) > (${rhs})`;
  }
  const after = (i: number): RawBuilder<SqlBool> => {
    const k = keys[i]!;
    const e = expr(i);
    const isLast = i === keys.length - 1;
    // NULLs sort last in both directions: after a NULL only NULLs follow, and NULLs follow every value.
    if (vals[i] === null) {
      if (isLast) return sql<SqlBool>`false`;
      return sql<SqlBool>`(${e} is null and ${after(i + 1)})`;
    }
    const v = bound(i);
    const cmp = k.desc ? sql<SqlBool>`${e} < ${v}` : sql<SqlBool>`${e} > ${v}`;
    const beyond = k.field.nullable === false ? cmp : sql<SqlBool>`(${cmp} or ${e} is null)`;
    if (isLast) return beyond;
    return sql<SqlBool>`(${beyond} or (${e} = ${v} and ${after(i + 1)}))`;
  };
  return after(0);
}
