import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden } from "../access/fields.js";
import { ownerScope } from "../access/scope.js";
import type { DB } from "../db/schema.js";
import type { EntityCatalog } from "../records/catalog.js";
import type { EntityDefinition } from "../records/definition.js";
import type { VariableSchema } from "./engine.js";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Template variables come from the entity definitions (`deps.entities`): each entity is a namespace named by the
 * singular of its API name (contacts → contact, companies → company), holding its standard fields and its custom
 * fields (`custom.<key>`). No entity is named here; a new entity's fields are variables as soon as it declares
 * itself.
 */
export function namespaceOf(entity: string): string {
  if (entity.endsWith("ies")) return `${entity.slice(0, -3)}y`;
  if (entity.endsWith("sses")) return entity.slice(0, -2);
  return entity.endsWith("s") ? entity.slice(0, -1) : entity;
}

export interface EntityVariables {
  entity: EntityDefinition;
  namespace: string;
  fields: FieldMeta[];
}

/** The entities whose fields templates may use (record entities with a table), with standard + custom fields. */
export async function entityVariables(db: Db, catalog: EntityCatalog): Promise<EntityVariables[]> {
  const defs = catalog.all().filter((d) => d.capabilities.linkable);
  return Promise.all(
    defs.map(async (d) => ({
      entity: d,
      namespace: namespaceOf(d.name),
      fields: await fieldsFor(db, d.name),
    })),
  );
}

/** The variable path of a field: its API key (`firstName`, `custom.size`). */
export function pathOf(f: FieldMeta): string {
  return f.key;
}

/** The schema `checkSource` checks against: every entity namespace plus the extra ones (`user`). */
export function variableSchema(
  entities: readonly EntityVariables[],
  extra: Record<string, readonly string[]>,
): VariableSchema {
  const schema = new Map<string, Set<string>>();
  for (const e of entities) schema.set(e.namespace, new Set(e.fields.map(pathOf)));
  for (const [ns, paths] of Object.entries(extra)) schema.set(ns, new Set(paths));
  return schema;
}

/** `{a: {b: null}}` for the paths `a.b`, so strict rendering sees every declared variable. */
export function emptyValues(paths: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) setPath(out, p.split("."), null);
  return out;
}

function setPath(obj: Record<string, unknown>, segs: string[], value: unknown): void {
  let cur = obj;
  for (const s of segs.slice(0, -1)) {
    if (!cur[s] || typeof cur[s] !== "object") cur[s] = {};
    cur = cur[s] as Record<string, unknown>;
  }
  const last = segs.at(-1);
  if (last !== undefined) cur[last] = value;
}

function present(f: FieldMeta, v: unknown): unknown {
  if (v instanceof Date) return f.type === "date" ? v.toISOString().slice(0, 10) : v.toISOString();
  return v ?? null;
}

/**
 * One record's values as template variables, read inside the actor's read scope (null when the record does not
 * exist, is deleted or is outside the scope). Fields hidden from the actor are left out of `values` and listed
 * in `hidden`, so a caller can refuse a template that reads them.
 */
export async function loadRecordValues(
  db: Db,
  actor: Actor,
  ev: EntityVariables,
  id: string,
): Promise<{ values: Record<string, unknown>; hidden: Set<string>; links: Array<[string, string]> } | null> {
  const d = ev.entity;
  const std = ev.fields.filter((f) => !f.custom);
  const cols = std.map(
    (f) => sql`${f.expression ? f.expression("r") : sql.ref(`r.${f.column}`)} as ${sql.id(`f_${f.key}`)}`,
  );
  if (d.capabilities.customFields) cols.push(sql`r.custom as ${sql.id("__custom")}`);
  const notDeleted = d.softDeleteColumn ? sql`and ${sql.ref(`r.${d.softDeleteColumn}`)} is null` : sql``;
  const scope = d.ownerColumn ? ownerScope(actor, d.name, "read", `r.${d.ownerColumn}`) : sql`true`;
  const res = await sql<Record<string, unknown>>`
    select ${sql.join(cols)} from ${sql.table(d.table)} as r
    where r.id = ${id} ${notDeleted} and ${scope}`.execute(db);
  const row = res.rows[0];
  if (!row) return null;
  const values = emptyValues(ev.fields.map(pathOf));
  const hidden = new Set<string>();
  const links: Array<[string, string]> = [];
  const custom = (row.__custom ?? {}) as Record<string, unknown>;
  for (const f of ev.fields) {
    const path = pathOf(f);
    if (isFieldHidden(actor, d.name, f)) {
      hidden.add(path);
      continue;
    }
    const raw = f.custom ? custom[f.column] : row[`f_${f.key}`];
    setPath(values, path.split("."), present(f, raw));
    if (f.type === "link" && f.linkEntity) {
      const first = Array.isArray(raw) ? raw[0] : raw;
      if (typeof first === "string") links.push([f.linkEntity, first]);
    }
  }
  return { values, hidden, links };
}
