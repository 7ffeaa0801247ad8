import { type Kysely, type Selectable, type SqlBool, sql, type Transaction } from "kysely";
import type { Action, Actor } from "../../platform/access/actor.js";
import { scopeFor } from "../../platform/access/actor.js";
import { entityDefinition, registeredEntities } from "../../platform/access/entities.js";
import { canActOnOwner, ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { likeEscape } from "../../platform/records/search.js";
import { teamLookup } from "../../platform/records/users.js";
import type { RecordFilesTable } from "./tables.js";

/** The one home of the files module's SQL. */
type Db = Kysely<DB> | Transaction<DB>;
export type RecordFileRow = Selectable<RecordFilesTable>;

/** Entities files may be attached to: the catalogue's `files` capability, nothing hand-kept. */
export function attachable(entity: string) {
  const def = entityDefinition(entity);
  return def?.capabilities.files ? def : null;
}

/**
 * The record if it exists, is not deleted and the actor may read it (null otherwise, so callers answer 404),
 * with whether the actor may also `action` it (its owner within that scope).
 */
export async function recordAccess(
  db: Db,
  actor: Actor,
  entity: string,
  id: string,
  action: Action,
): Promise<{ canWrite: boolean } | null> {
  const def = attachable(entity);
  if (!def) return null;
  const notDeleted = def.softDeleteColumn ? sql`and ${sql.ref(`r.${def.softDeleteColumn}`)} is null` : sql``;
  const owner = def.ownerColumn ? sql.ref(`r.${def.ownerColumn}`) : sql<null>`null::uuid`;
  const readable = def.ownerColumn
    ? ownerScope(actor, entity, "read", `r.${def.ownerColumn}`)
    : sql`${scopeFor(actor, entity, "read") !== "none"}`;
  const row = await sql<{ owner: string | null }>`
    select ${owner} as owner from ${sql.table(def.table)} as r
    where r.id = ${id}::uuid ${notDeleted} and ${readable}`.execute(db);
  const found = row.rows[0];
  if (!found) return null;
  const canWrite =
    found.owner === null
      ? scopeFor(actor, entity, action) !== "none"
      : await canActOnOwner(actor, entity, action, found.owner, teamLookup(db));
  return { canWrite };
}

/**
 * Files whose names contain `q` (any case) on records every one of `actors` may read, newest first: one
 * `exists` per entity with the `files` capability (from the catalogue), each with every actor's read scope.
 */
export async function searchFiles(db: Db, actors: Actor[], q: string, limit: number) {
  const perEntity = registeredEntities()
    .filter((def) => def.capabilities.files && actors.every((a) => scopeFor(a, def.name, "read") !== "none"))
    .map((def) => {
      const notDeleted = def.softDeleteColumn
        ? sql`and ${sql.ref(`r.${def.softDeleteColumn}`)} is null`
        : sql``;
      const readable = actors.map((a) =>
        def.ownerColumn ? sql`and ${ownerScope(a, def.name, "read", `r.${def.ownerColumn}`)}` : sql``,
      );
      return sql<SqlBool>`(f.entity = ${def.name} and exists (select 1 from ${sql.table(def.table)} as r
        where r.id = f.record_id ${notDeleted} ${sql.join(readable, sql` `)}))`;
    });
  if (perEntity.length === 0) return [];
  const name = q.trim() ? sql`and f.name ilike ${`%${likeEscape(q.trim())}%`}` : sql``;
  const rows = await sql<RecordFileRow>`
    select f.* from record_files as f
    where f.deleted_at is null ${name} and (${sql.join(perEntity, sql` or `)})
    order by f.created_at desc, f.id desc limit ${limit}`.execute(db);
  return rows.rows;
}

export async function insertFile(
  trx: Transaction<DB>,
  values: {
    entity: string;
    recordId: string;
    sha256: string;
    name: string;
    kind: string;
    contentType: string;
    size: number;
    createdBy: string;
  },
): Promise<RecordFileRow> {
  return trx
    .insertInto("record_files")
    .values({
      entity: values.entity,
      record_id: values.recordId,
      blob_sha256: values.sha256,
      name: values.name,
      kind: values.kind,
      content_type: values.contentType,
      size: String(values.size),
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFile(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom("record_files").selectAll().where("id", "=", id).where("deleted_at", "is", null);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function listFiles(db: Db, entity: string, recordId: string, limit: number) {
  return db
    .selectFrom("record_files")
    .selectAll()
    .where("entity", "=", entity)
    .where("record_id", "=", recordId)
    .where("deleted_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function renameFile(trx: Transaction<DB>, id: string, name: string) {
  return trx
    .updateTable("record_files")
    .set({ name, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function softDeleteFile(trx: Transaction<DB>, id: string, userId: string) {
  return trx
    .updateTable("record_files")
    .set({ deleted_at: sql`now()`, deleted_by: userId, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Rows soft-deleted longer ago than `days` are removed for good (their blobs then become garbage). */
export async function purgeDeleted(db: Db, days: number): Promise<number> {
  const r = await db
    .deleteFrom("record_files")
    .where("deleted_at", "<", sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
