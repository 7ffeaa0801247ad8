import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { type FieldMeta, isHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { entityCatalog } from "../../platform/records/catalog.js";

type Item = Record<string, unknown>;
type Db = Kysely<DB> | Transaction<DB>;

/** Where a prepared readable value of a `user` or `link` field is kept on an exported row. */
export const lookupKey = (f: FieldMeta) => `_lookup:${f.key}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ids = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && UUID.test(x));

/**
 * Fields whose stored value is an id (users, linked records) are exported by what a person reads: a user as
 * "Name <email>", linked records by their titles ("Romashka; Vector"). Read from the field metadata: `user`
 * fields and `link` fields with a `linkEntity` (standard ones by their `expression`, custom ones by value).
 */
export const needsLookup = (f: FieldMeta) =>
  f.type === "user" || (f.type === "link" && Boolean(f.linkEntity));

/** Sets `lookupKey(f)` on each row of a page: one query per field (records outside the read scope stay out). */
export async function addLookups(
  db: Db,
  actor: Actor,
  entity: string,
  fields: FieldMeta[],
  rows: Item[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const f of fields) {
    const raw = await rawValues(db, entity, f, rows);
    const all = [...new Set([...raw.values()].flat())];
    const names = f.type === "user" ? await userNames(db, all) : await titles(db, actor, f, all);
    for (const r of rows) {
      r[lookupKey(f)] = (raw.get(String(r.id)) ?? []).flatMap((id) => names.get(id) ?? []).join("; ");
    }
  }
}

/** The ids each row holds in the field: the column, the custom value or the field's SQL expression. */
async function rawValues(db: Db, entity: string, f: FieldMeta, rows: Item[]) {
  const out = new Map<string, string[]>();
  if (f.custom) {
    for (const r of rows) out.set(String(r.id), ids((r.custom as Item | null)?.[f.column]));
    return out;
  }
  if (!f.expression) {
    for (const r of rows) out.set(String(r.id), ids(r[f.column]));
    return out;
  }
  const def = entityCatalog().get(entity);
  if (!def) return out;
  const found = await sql<{ id: string; v: unknown }>`
    select r.id, ${f.expression("r")} as v from ${sql.table(def.table)} as r
    where r.id = any(${rows.map((r) => String(r.id))}::uuid[])`.execute(db);
  for (const r of found.rows) out.set(r.id, ids(r.v));
  return out;
}

async function userNames(db: Db, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, string>();
  const users = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("id", "in", userIds)
    .execute();
  return new Map(users.map((u) => [u.id, u.name ? `${u.name} <${u.email}>` : u.email]));
}

/** Titles of live linked records the actor may read (a role hiding the title field hides them all). */
async function titles(db: Db, actor: Actor, f: FieldMeta, recordIds: string[]) {
  const names = new Map<string, string>();
  const def = f.linkEntity ? entityCatalog().get(f.linkEntity) : undefined;
  if (!def || recordIds.length === 0) return names;
  const titleField =
    typeof def.title === "string" ? def.fields.find((x) => x.column === def.title) : undefined;
  if (titleField && isHidden(actor, def.name, titleField.key)) return names;
  const title = typeof def.title === "string" ? sql.ref(`r.${def.title}`) : def.title("r");
  const live = def.softDeleteColumn ? sql`${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql`true`;
  const scope = def.ownerColumn ? ownerScope(actor, def.name, "read", `r.${def.ownerColumn}`) : sql`true`;
  const found = await sql<{ id: string; title: string | null }>`
    select r.id, (${title})::text as title from ${sql.table(def.table)} as r
    where r.id = any(${recordIds}::uuid[]) and ${live} and ${scope}`.execute(db);
  for (const r of found.rows) if (r.title) names.set(r.id, r.title);
  return names;
}
