import type { Kysely, RawBuilder, SqlBool, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { txCached } from "../db/tx-cache.js";
import { ValidationError } from "../errors.js";
import { entityCatalog } from "../records/catalog.js";
import { type Actor, fieldAccess } from "./actor.js";

/**
 * Field metadata: what the API knows about each field of an entity. The list engine (`platform/query`),
 * field-level role rules, import mapping and export all read it, so a field behaves the same everywhere.
 * Standard fields are declared in the owning module's entity definition (`AppModule.entities`); custom fields come
 * from the `custom_fields` table (values in the entity's `custom` JSONB column, keys `custom.<key>`).
 */
export type FieldType =
  | "text"
  | "longText"
  | "number"
  | "money"
  | "date"
  | "dateTime"
  | "boolean"
  | "select"
  | "multiSelect"
  | "email"
  | "phone"
  | "url"
  | "user"
  | "link"
  | "tags"
  | "uuid";

export const FIELD_TYPES: readonly FieldType[] = [
  "text",
  "longText",
  "number",
  "money",
  "date",
  "dateTime",
  "boolean",
  "select",
  "multiSelect",
  "email",
  "phone",
  "url",
  "user",
  "link",
  "tags",
  "uuid",
];

export interface FieldMeta {
  /** API name (camelCase); custom fields are `custom.<key>`. */
  key: string;
  /**
   * SQL column of the entity table (trusted metadata, used with `sql.ref`). For custom fields the JSONB key
   * inside the `custom` column.
   */
  column: string;
  type: FieldType;
  filterable: boolean;
  sortable: boolean;
  /** false when the column is NOT NULL (lets keyset pagination use a row comparison). Default true. */
  nullable?: boolean;
  /** Allowed values of select / multiSelect fields. */
  options?: readonly string[];
  custom?: boolean;
  label?: string;
  /** Target entity of `link` fields. */
  linkEntity?: string;
  /**
   * A list of values (a `text[]` column such as `email_values`, or an `expression` giving one): filtered with
   * the array operators (eq = exactly these, contains = has all of these, in = has any, isEmpty).
   */
  array?: boolean;
  /** SQL of the value when it is not a plain column (trusted code; `alias` is the entity's table alias). */
  expression?: (alias: string) => RawBuilder<unknown>;
  /**
   * A condition the field compiles itself from its text value (trusted code; op `eq` only; a string answer is
   * the value's error) — drill-down conditions such as "passed this stage" over a record's history. Not
   * published to filter builders.
   */
  condition?: (alias: string, value: string) => RawBuilder<SqlBool> | string;
  /**
   * A condition's value made of parts joined by `/` (`<stage id>/<from>/<to>`): the type of each part, so a
   * client shows it as people read it (the stage's name, dates in their locale) — the filter chips of a drill.
   */
  valueParts?: ReadonlyArray<{ type: FieldType; linkEntity?: string }>;
  /** Money fields: the key of the field holding the amount's ISO currency (default `currency`). */
  currencyField?: string;
  /**
   * A name people type in simpler letters: `eq`/`ne` compare `tandem_search_norm` of both sides (case, accents,
   * ё/е… folded) like `contains` does on every text field; give it only to fields with a search index on it.
   */
  searchFold?: boolean;
  /** Normalizes a filter value the way stored values are (e-mail addresses lower-cased…). */
  normalize?: (value: string) => string;
  /**
   * The fields this one is computed from (field-rule keys): a rule hiding any of them hides this field too —
   * in filters, sorts, search, aggregates and the field metadata (`phone` digits derive from `phones`,
   * `emailMarketing` from `consent`). Every filter-only or computed field must declare it. A field of another
   * entity is named `<entity>:<key>` (a contact's `companiesCity` derives from `companies:city`).
   */
  derivesFrom?: readonly string[];
  /**
   * For filters only: the value is presented (and exported) in another shape under its own key (`emails` as
   * a list of {kind, value}), so lists and exports do not show it as a column of its own.
   */
  filterOnly?: boolean;
  /**
   * Sorts by another value than the one filtered on (`ownerId` by the owner's name, `phone` by the first
   * number's digits): its SQL, type and nullability; the sort key, its cursor and field rules stay the field's.
   */
  sortBy?: SortBy;
  /**
   * The entity's table has a b-tree `(owner column, this column, id) WHERE <not deleted>`: an own or team list
   * sorted by this field alone is read as a merge of per-owner walks of that index (`platform/query/scoped-list.ts`)
   * instead of walking the whole table's order and dropping other owners' rows. `true`: the ascending index (both
   * directions of a NOT NULL field, ascending of a nullable one); `"desc"`: `(owner, column desc nulls last, id desc)`
   * (both directions of a NOT NULL field, descending of a nullable one — lists put NULLs last either way).
   */
  ownerIndexed?: boolean | "desc";
}

export interface SortBy {
  expression: (alias: string) => RawBuilder<unknown>;
  type: FieldType;
  nullable: boolean;
}

const customKeyPattern = /^[a-z][a-zA-Z0-9_]{0,62}$/;

export function isCustomKey(key: string): boolean {
  return customKeyPattern.test(key);
}

/** The standard fields an entity registered (empty for entities without metadata). */
export function standardFields(entity: string): FieldMeta[] {
  return [...(entityCatalog().get(entity)?.fields ?? [])];
}

interface CustomFieldRow {
  key: string;
  label: string;
  type: string;
  filterable: boolean;
  options: unknown;
  link_entity: string | null;
}

export function customFieldMeta(row: CustomFieldRow): FieldMeta {
  const options = Array.isArray(row.options)
    ? (row.options as Array<{ value?: unknown }>).map((o) => String(o?.value ?? o))
    : undefined;
  return {
    key: `custom.${row.key}`,
    column: row.key,
    type: row.type as FieldType,
    filterable: row.filterable,
    sortable: row.filterable,
    custom: true,
    label: row.label,
    ...(options ? { options } : {}),
    ...(row.link_entity ? { linkEntity: row.link_entity } : {}),
  };
}

/** Standard + active custom fields of an entity. */
export async function fieldsFor(db: Kysely<DB> | Transaction<DB>, entity: string): Promise<FieldMeta[]> {
  // Once per transaction in a `cachingTransactions` scope (an automation batch), else read each time.
  const rows = await txCached(db, `fieldsFor:${entity}`, () =>
    db
      .selectFrom("custom_fields")
      .select(["key", "label", "type", "filterable", "options", "link_entity"])
      .where("entity", "=", entity)
      .where("deleted_at", "is", null)
      .orderBy("position")
      .orderBy("key")
      .execute(),
  );
  return [...standardFields(entity), ...rows.filter((r) => isCustomKey(r.key)).map(customFieldMeta)];
}

/**
 * Whether a list query may name a custom field (`custom.<key>`) in its filter or sort. Conservative: any
 * backslash in the filter (a JSON escape could spell `custom.`) counts as yes.
 */
export function mentionsCustomField(params: {
  filter?: string | undefined;
  sort?: string | undefined;
}): boolean {
  const { filter, sort } = params;
  return Boolean(filter && /custom\.|\\/.test(filter)) || Boolean(sort?.includes("custom."));
}

/**
 * The fields a list query needs to plan its filter and sort: `fieldsFor` when the query names a custom field,
 * otherwise the standard fields alone (same answer, one round trip less; read per request, never cached).
 */
export async function listFieldsFor(
  db: Kysely<DB> | Transaction<DB>,
  entity: string,
  params: { filter?: string | undefined; sort?: string | undefined },
): Promise<FieldMeta[]> {
  return mentionsCustomField(params) ? fieldsFor(db, entity) : standardFields(entity);
}

/**
 * Removes the fields the actor's role hides from a presented record: top-level keys (`amount`) and custom
 * values (`custom.<key>` rules remove the key inside `custom`).
 */
export function stripHidden<T extends object>(actor: Actor, entity: string, obj: T): T {
  const rules = { ...(actor.fieldRules["*"] ?? {}), ...(actor.fieldRules[entity] ?? {}) };
  const hidden = Object.entries(rules)
    .filter(([, r]) => r === "hidden")
    .map(([k]) => k);
  if (hidden.length === 0) return obj;
  const out = { ...obj } as Record<string, unknown>;
  for (const key of hidden) {
    if (key.startsWith("custom.")) {
      const custom = out.custom;
      if (custom && typeof custom === "object") {
        const copy = { ...(custom as Record<string, unknown>) };
        delete copy[key.slice(7)];
        out.custom = copy;
      }
    } else {
      delete out[key];
    }
  }
  return out as T;
}

export function isHidden(actor: Actor, entity: string, key: string): boolean {
  return fieldAccess(actor, entity, key) === "hidden";
}

/** Whether the role hides the field, by its own key or a field it derives from (`derivesFrom`). */
export function isFieldHidden(actor: Actor, entity: string, field: FieldMeta): boolean {
  const hiddenSource = (source: string) => {
    const at = source.indexOf(":");
    return at < 0
      ? isHidden(actor, entity, source)
      : isHidden(actor, source.slice(0, at), source.slice(at + 1));
  };
  return isHidden(actor, entity, field.key) || (field.derivesFrom ?? []).some(hiddenSource);
}

/**
 * A field is computed when its value is not the stored column of the same name: filter-only shapes and SQL
 * expressions. Those must say what they derive from, or a rule hiding the source would not hide them.
 */
export function undeclaredDerivedFields(fields: readonly FieldMeta[]): string[] {
  const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return fields
    .filter((f) => !f.custom && f.derivesFrom === undefined)
    .filter((f) => f.filterOnly || f.expression || f.column !== snake(f.key))
    .map((f) => f.key);
}

/**
 * Refuses writes to fields the role makes read-only or hidden (422 `field_read_only`). `input` uses API keys;
 * `custom` values are checked as `custom.<key>`.
 */
export function assertWritable(actor: Actor, entity: string, input: Record<string, unknown>): void {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (k === "custom" && v && typeof v === "object") {
      for (const ck of Object.keys(v)) keys.push(`custom.${ck}`);
    } else keys.push(k);
  }
  const errors = keys
    .filter((k) => fieldAccess(actor, entity, k) !== "write")
    .map((k) => ({ field: k, message: "Your role may not change this field.", code: "field_read_only" }));
  if (errors.length > 0) throw new ValidationError(errors);
}
