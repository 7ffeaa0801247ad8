import type { Kysely, Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, ForbiddenError, ValidationError } from "../../platform/errors.js";
import { isArrayField } from "../../platform/query/expressions.js";
import { entityCatalog, type OwnedEntity } from "../../platform/records/catalog.js";
import {
  type DateBucket,
  type Dimension,
  type Measure,
  type ReportDefinition,
  TEAM_DIMENSION,
} from "./definition.js";

type Db = Kysely<DB> | Transaction<DB>;

/** One side of the report: the entity or the related one, with the fields the viewer may use. */
export interface Side {
  def: OwnedEntity;
  alias: "r" | "rel";
  fields: FieldMeta[];
}

export interface ResolvedDimension {
  key: string;
  on: "base" | "related";
  /** null for the owner's team. */
  field: FieldMeta | null;
  bucket: DateBucket | null;
}

export interface ResolvedMeasure {
  fn: Measure["fn"];
  on: "base" | "related";
  field: FieldMeta | null;
}

export interface ResolvedReport {
  base: Side;
  related: (Side & { via: FieldMeta }) | null;
  dimensions: ResolvedDimension[];
  measures: ResolvedMeasure[];
  compare: { field: FieldMeta; period: DateBucket } | null;
}

const DATE_TYPES = new Set(["date", "dateTime"]);
const NUMERIC = new Set(["number", "money"]);
const NOT_GROUPABLE = new Set(["longText"]);

/** The entity as the viewer may report on it: owned, known and readable at some scope. */
async function side(db: Db, actor: Actor, name: string, alias: Side["alias"], at: string): Promise<Side> {
  const def = entityCatalog().getOwned(name);
  if (!def) throw ValidationError.field(at, `Unknown entity ${name.slice(0, 60)}.`, "unknown_entity");
  if (scopeFor(actor, name, "read") === "none") {
    throw new ForbiddenError("permission_denied", `Your role may not read ${name}.`);
  }
  return { def, alias, fields: await fieldsFor(db, name) };
}

/**
 * Checks a definition against the field metadata and the viewer's field rules: unknown fields, fields the role
 * hides (named in the 422), buckets on non-date fields and measures that do not fit the field's type.
 */
export async function resolveReport(db: Db, actor: Actor, d: ReportDefinition): Promise<ResolvedReport> {
  const base = await side(db, actor, d.entity, "r", "entity");
  let related: ResolvedReport["related"] = null;
  if (d.related) {
    const via = base.fields.find((f) => f.key === d.related?.via);
    if (via?.type !== "link" || !via.linkEntity || via.custom) {
      throw ValidationError.field("related.via", "Not a link field of the entity.", "unknown_field");
    }
    if (isFieldHidden(actor, d.entity, via)) throw hidden("related.via", via.key);
    related = { ...(await side(db, actor, via.linkEntity, "rel", "related.via")), via };
  }
  const errors: FieldError[] = [];
  const pick = (on: "base" | "related", key: string | undefined, at: string): FieldMeta | null => {
    const s = on === "related" ? related : base;
    if (!s) {
      errors.push({ field: at, message: "The report has no related entity.", code: "unknown_field" });
      return null;
    }
    const field = s.fields.find((f) => f.key === key);
    if (!field) {
      errors.push({
        field: at,
        message: `Unknown field ${String(key).slice(0, 100)}.`,
        code: "unknown_field",
      });
      return null;
    }
    if (isFieldHidden(actor, s.def.name, field)) {
      errors.push(hiddenError(at, field.key));
      return null;
    }
    return field;
  };

  const dimensions = d.groupBy.map((g: Dimension, i): ResolvedDimension => {
    const at = `groupBy.${i}.field`;
    if (g.field === TEAM_DIMENSION) {
      const s = g.on === "related" ? related : base;
      const owner = s?.fields.find((f) => f.column === s.def.ownerColumn);
      if (s && owner && isFieldHidden(actor, s.def.name, owner)) errors.push(hiddenError(at, owner.key));
      return { key: g.field, on: g.on, field: null, bucket: null };
    }
    const field = pick(g.on, g.field, at);
    if (field && (isArrayField(field) || NOT_GROUPABLE.has(field.type) || field.filterOnly)) {
      errors.push({ field: at, message: `${field.key} cannot be grouped by.`, code: "field_not_groupable" });
    }
    const isDate = field ? DATE_TYPES.has(field.type) : false;
    if (g.bucket && field && !isDate) {
      errors.push({
        field: `groupBy.${i}.bucket`,
        message: "Only dates have buckets.",
        code: "invalid_bucket",
      });
    }
    const bucket = isDate ? (g.bucket ?? (field?.type === "dateTime" ? "day" : null)) : null;
    return { key: g.field, on: g.on, field, bucket };
  });

  const measures = d.measures.map((m, i): ResolvedMeasure => {
    const at = `measures.${i}.field`;
    if (m.fn === "count") return { fn: m.fn, on: m.on, field: null };
    if (!m.field) {
      errors.push({ field: at, message: "This measure needs a field.", code: "required" });
      return { fn: m.fn, on: m.on, field: null };
    }
    const field = pick(m.on, m.field, at);
    if (field && !measureFits(m.fn, field)) {
      errors.push({ field: at, message: `${m.fn} does not apply to ${field.key}.`, code: "invalid_measure" });
    }
    return { fn: m.fn, on: m.on, field };
  });

  let compare: ResolvedReport["compare"] = null;
  if (d.compare) {
    const field = pick("base", d.compare.field, "compare.field");
    if (field && !DATE_TYPES.has(field.type)) {
      errors.push({ field: "compare.field", message: "Compare by a date field.", code: "invalid_bucket" });
    } else if (field) compare = { field, period: d.compare.period };
  }
  if (d.chart === "number" && d.groupBy.length > 0) {
    errors.push({ field: "groupBy", message: "A single number has no groups.", code: "invalid_chart" });
  }
  if (errors.length > 0) throw new ValidationError(errors, "The report definition is invalid.");
  return { base, related, dimensions, measures, compare };
}

function measureFits(fn: Measure["fn"], f: FieldMeta): boolean {
  if (isArrayField(f)) return false;
  if (fn === "countDistinct") return true;
  if (fn === "min" || fn === "max") return NUMERIC.has(f.type) || DATE_TYPES.has(f.type);
  return NUMERIC.has(f.type);
}

function hiddenError(at: string, key: string): FieldError {
  return { field: at, message: `Your role may not see the field ${key}.`, code: "field_not_allowed" };
}

function hidden(at: string, key: string): ValidationError {
  return new ValidationError([hiddenError(at, key)], `Your role may not see the field ${key}.`);
}
