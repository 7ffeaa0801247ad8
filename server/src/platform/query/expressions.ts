import { type RawBuilder, sql } from "kysely";
import type { FieldMeta, FieldType } from "../access/fields.js";

/**
 * SQL expressions for fields, built only from trusted metadata (`FieldMeta` comes from the registry or the
 * `custom_fields` table whose keys are checked against `isCustomKey`), never from request strings.
 */
export function fieldExpression(alias: string, field: FieldMeta): RawBuilder<unknown> {
  if (field.expression) return field.expression(alias);
  if (!field.custom) return sql`${sql.ref(`${alias}.${field.column}`)}`;
  const custom = sql.ref(`${alias}.custom`);
  const key = sql.lit(field.column);
  switch (field.type) {
    case "number":
    case "money":
      return sql`((${custom}->>${key})::numeric)`;
    case "boolean":
      return sql`((${custom}->>${key})::boolean)`;
    case "date":
      return sql`((${custom}->>${key})::date)`;
    case "dateTime":
      return sql`((${custom}->>${key})::timestamptz)`;
    case "multiSelect":
    case "tags":
      return sql`(${custom}->${key})`;
    default:
      return sql`(${custom}->>${key})`;
  }
}

/** The SQL type a value of this field type is bound as (constant map, safe for `sql.raw`). */
export function sqlType(type: FieldType): string {
  switch (type) {
    case "number":
    case "money":
      return "numeric";
    case "date":
      return "date";
    case "dateTime":
      return "timestamptz";
    case "boolean":
      return "boolean";
    case "uuid":
      return "uuid";
    default:
      return "text";
  }
}

/** A bound parameter cast to the field's SQL type (custom uuid-like fields are text in JSONB). */
export function typedValue(field: FieldMeta, value: unknown): RawBuilder<unknown> {
  const t = field.custom && (field.type === "user" || field.type === "link") ? "text" : valueType(field);
  return sql`${value}::${sql.raw(t)}`;
}

function valueType(field: FieldMeta): string {
  if (field.type === "user" || field.type === "link") return "uuid";
  return sqlType(field.type);
}

/** Whether the field's SQL expression is an array (text[] column or JSONB array). */
export function isArrayField(field: FieldMeta): boolean {
  return field.array === true || field.type === "multiSelect" || field.type === "tags";
}
