import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, type FieldError } from "../../platform/errors.js";
import { fieldExpression } from "../../platform/query/expressions.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { compileConditionFilter } from "./records.js";
import type { Conditions } from "./schemas.js";

type Db = Kysely<DB> | Transaction<DB>;
type Related = NonNullable<Conditions["related"]>[number];

/**
 * Conditions on related records, through the entity definitions: a `link` field names the related entity
 * (`linkEntity`, a deal's `companyId` → companies) and its filter is compiled with that entity's fields as the
 * rule's owner sees them; a `user` field (`ownerId`) is a person checked by id, team and active flag.
 */
function relation(fields: readonly FieldMeta[], via: string) {
  const field = fields.find((f) => f.key === via);
  if (!field) return { field: undefined, target: undefined };
  const target =
    field.type === "link" && field.linkEntity ? entityCatalog().get(field.linkEntity) : undefined;
  return { field, target };
}

/** Save-time checks of `related` conditions (unknown or hidden fields, wrong kinds, bad filters, unknown teams). */
export async function checkRelated(
  db: Db,
  owner: Actor,
  entity: EntityDefinition,
  fields: readonly FieldMeta[],
  related: readonly Related[],
  path: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [i, r] of related.entries()) {
    const at = `${path}.related.${i}`;
    const { field, target } = relation(fields, r.via);
    if (!field) {
      errors.push({
        field: `${at}.via`,
        message: `Unknown field ${r.via.slice(0, 100)}.`,
        code: "unknown_field",
      });
      continue;
    }
    if (isFieldHidden(owner, entity.name, field)) {
      errors.push({
        field: `${at}.via`,
        message: "The rule's owner may not read this field.",
        code: "field_not_allowed",
      });
      continue;
    }
    if (field.type === "user") {
      if (r.filter)
        errors.push({
          field: `${at}.filter`,
          message: "A person is checked with `person`.",
          code: "invalid_condition",
        });
      const teams = r.person?.teamIds ?? [];
      if (teams.length > 0) {
        const found = await db.selectFrom("teams").select("id").where("id", "in", teams).execute();
        if (found.length < new Set(teams).size)
          errors.push({ field: `${at}.person.teamIds`, message: "No such team.", code: "unknown_team" });
      }
      continue;
    }
    if (!target) {
      errors.push({ field: `${at}.via`, message: "Pick a link or person field.", code: "not_a_relation" });
      continue;
    }
    if (r.person)
      errors.push({
        field: `${at}.person`,
        message: "A linked record is checked with `filter`.",
        code: "invalid_condition",
      });
    if (r.filter && Object.keys(r.filter).length > 0) {
      try {
        compileConditionFilter(r.filter, owner, target.name, await fieldsFor(db, target.name), at);
      } catch (e) {
        if (e instanceof AppError && e.errors) errors.push(...e.errors);
        else throw e;
      }
    }
  }
  return errors;
}

/** The related ids the record's field holds (one id, or a list for many-to-many fields). */
async function relatedIds(
  db: Db,
  def: EntityDefinition,
  field: FieldMeta,
  recordId: string,
): Promise<string[]> {
  const row = await sql<{
    v: unknown;
  }>`select ${fieldExpression("r", field)} as v from ${sql.table(def.table)} r
    where r.id = ${recordId}::uuid`.execute(db);
  const v = row.rows[0]?.v;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x.length > 0);
}

/** Whether every related condition holds now for the record (as the rule's owner sees the related records). */
export async function relatedHold(
  db: Db,
  actor: Actor,
  def: EntityDefinition,
  recordId: string,
  related: readonly Related[],
): Promise<boolean> {
  const fields = await fieldsFor(db, def.name);
  for (const r of related) {
    const { field, target } = relation(fields, r.via);
    if (!field || isFieldHidden(actor, def.name, field)) return false;
    const ids = await relatedIds(db, def, field, recordId);
    if (ids.length === 0) return false;
    if (field.type === "user") {
      const p = r.person ?? {};
      let q = db.selectFrom("users").select("id").where("id", "in", ids);
      if (p.userIds?.length) q = q.where("id", "in", p.userIds);
      if (p.teamIds?.length) q = q.where("team_id", "in", p.teamIds);
      if (p.active !== undefined) q = q.where("is_active", "=", p.active);
      if (!(await q.executeTakeFirst())) return false;
      continue;
    }
    if (!target) return false;
    const pred =
      r.filter && Object.keys(r.filter).length > 0
        ? compileConditionFilter(
            r.filter,
            actor,
            target.name,
            await fieldsFor(db, target.name),
            "related.filter",
          )
        : sql<boolean>`true`;
    const live = target.softDeleteColumn
      ? sql`and ${sql.ref(`r.${target.softDeleteColumn}`)} is null`
      : sql``;
    const scope = target.ownerColumn
      ? sql`and ${ownerScope(actor, target.name, "read", `r.${target.ownerColumn}`)}`
      : sql``;
    const hit = await sql<{ ok: boolean }>`select exists(select 1 from ${sql.table(target.table)} r
      where r.id = any(${ids}::uuid[]) ${live} ${scope} and ${pred}) as ok`.execute(db);
    if (hit.rows[0]?.ok !== true) return false;
  }
  return true;
}
