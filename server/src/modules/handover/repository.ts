import { type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { RegisteredEntity } from "../../platform/access/entities.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";

type Db = Database | Transaction<DB>;

const owner = (e: RegisteredEntity) => sql.ref(`r.${e.ownerColumn}`);
const liveWork = (e: RegisteredEntity): RawBuilder<SqlBool> =>
  e.handover ? e.handover("r") : sql<SqlBool>`true`;

/**
 * Soft-deleted rows, for any registered table: `to_jsonb(r)` reads `deleted_at` when the table has the column
 * and yields null otherwise, so entities without soft delete need no registration.
 */
const notDeleted = sql<SqlBool>`(to_jsonb(r) ->> 'deleted_at') is null`;

/** Locks the requested live records the actor may assign; returns id → current owner. */
export async function lockAssignable(trx: Transaction<DB>, actor: Actor, e: RegisteredEntity, ids: string[]) {
  const res = await sql<{ id: string; owner_id: string }>`
    select r.id, ${owner(e)} as owner_id from ${sql.table(e.table)} as r
    where r.id = any(${ids}::uuid[]) and ${notDeleted}
      and ${ownerScope(actor, e.name, "assign", `r.${e.ownerColumn}`)}
    order by r.id
    for update of r`.execute(trx);
  return res.rows;
}

/**
 * Ids (in id order, locked) of every record a user owns: a hand-over moves all of them — closed tasks, past
 * meetings and soft-deleted records included — so no record is left with an inactive owner (who did the work
 * stays in `created_by` and the audit log).
 */
export async function lockOwnedWork(trx: Transaction<DB>, e: RegisteredEntity, userId: string) {
  const res = await sql<{ id: string }>`
    select r.id from ${sql.table(e.table)} as r
    where ${owner(e)} = ${userId}
    order by r.id
    for update of r`.execute(trx);
  return res.rows.map((r) => r.id);
}

/** How many records a user owns, and how many of them are live work (open tasks, future meetings…). */
export async function countOwnedWork(db: Db, e: RegisteredEntity, userId: string) {
  const res = await sql<{ n: string; live: string }>`
    select count(*)::text as n, count(*) filter (where ${liveWork(e)})::text as live
    from ${sql.table(e.table)} as r
    where ${owner(e)} = ${userId}`.execute(db);
  return { count: Number(res.rows[0]?.n ?? 0), live: Number(res.rows[0]?.live ?? 0) };
}

export async function setOwner(trx: Transaction<DB>, e: RegisteredEntity, ids: string[], toUserId: string) {
  if (ids.length === 0) return;
  await sql`update ${sql.table(e.table)} set ${sql.ref(e.ownerColumn)} = ${toUserId}
    where id = any(${ids}::uuid[])`.execute(trx);
}

/** Records whose owner is deactivated (any, live or not: a hand-over moves all), grouped by owner. */
export async function orphanedWork(db: Db, e: RegisteredEntity) {
  const res = await sql<{ id: string; name: string; n: string }>`
    select u.id, u.name, count(*)::text as n from ${sql.table(e.table)} as r
    join users u on u.id = ${owner(e)}
    where u.is_active = false
    group by u.id, u.name order by u.name, u.id`.execute(db);
  return res.rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.n) }));
}
