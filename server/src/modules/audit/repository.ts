import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { RegisteredEntity } from "../../platform/access/entities.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { BadRequestError } from "../../platform/errors.js";
import { COUNT_CAP, decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import type { AuditListQuery } from "./schemas.js";

export type AuditFilter = Omit<AuditListQuery, "limit" | "cursor">;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Database, f: AuditFilter) {
  let q = db.selectFrom("audit_log as a");
  if (f.actorId) q = q.where("a.actor_id", "=", f.actorId);
  if (f.action) q = q.where("a.action", "like", `${escapeLike(f.action)}%`);
  if (f.entity) q = q.where("a.entity", "=", f.entity);
  if (f.entityId) q = q.where("a.entity_id", "=", f.entityId);
  if (f.from) q = q.where("a.occurred_at", ">=", new Date(f.from));
  if (f.to) q = q.where("a.occurred_at", "<", new Date(f.to));
  return q;
}

/** Newest first, keyset on the id (monotonic with insertion). */
export async function listAudit(db: Database, f: AuditFilter, limit: number, cursor: string | undefined) {
  let q = filtered(db, f)
    .leftJoin("users as u", "u.id", "a.actor_id")
    .selectAll("a")
    .select("u.name as actor_name");
  if (cursor) {
    const [lastId] = decodeCursor(cursor, 1);
    if (typeof lastId !== "string" || !/^\d{1,19}$/.test(lastId)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid or belongs to another sort order.");
    }
    q = q.where("a.id", "<", lastId);
  }
  const rows = await q
    .orderBy("a.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

export async function countAudit(db: Database, f: AuditFilter) {
  const row = await db
    .selectFrom(
      filtered(db, f)
        .select("a.id")
        .limit(COUNT_CAP + 1)
        .as("c"),
    )
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** Whether the actor can read the record (its owner is within the actor's read scope). */
export async function canReadRecord(db: Database, actor: Actor, def: RegisteredEntity, id: string) {
  const found = await sql<{ ok: number }>`
    select 1 as ok from ${sql.table(def.table)} as r
    where r.id = ${id} and ${ownerScope(actor, def.name, "read", `r.${def.ownerColumn}`)}`.execute(db);
  return found.rows.length > 0;
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];
