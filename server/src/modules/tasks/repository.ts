import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Action, Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { RecordLink } from "../../platform/records/links.js";
import type { TasksTable } from "./tables.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type TaskRow = Selectable<TasksTable>;

/** A live task inside the actor's scope for `action`, or undefined (the caller answers 404). */
export async function findTask(
  db: Db,
  actor: Actor,
  id: string,
  action: Action,
  opts: { forUpdate?: boolean } = {},
): Promise<TaskRow | undefined> {
  let q = db
    .selectFrom("tasks as t")
    .selectAll("t")
    .where("t.id", "=", id)
    .where("t.deleted_at", "is", null)
    .where(ownerScope(actor, "tasks", action, "t.owner_id"));
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function linksOf(db: Db, taskIds: readonly string[]): Promise<Map<string, RecordLink[]>> {
  const out = new Map<string, RecordLink[]>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom("task_links")
    .select(["task_id", "entity", "record_id"])
    .where("task_id", "in", [...taskIds])
    .orderBy("entity")
    .orderBy("record_id")
    .execute();
  for (const r of rows)
    out.set(r.task_id, [...(out.get(r.task_id) ?? []), { entity: r.entity, id: r.record_id }]);
  return out;
}

export async function replaceLinks(trx: Db, taskId: string, links: readonly RecordLink[]): Promise<void> {
  await trx.deleteFrom("task_links").where("task_id", "=", taskId).execute();
  await addLinks(trx, taskId, links);
}

/** Links a task that has none yet (a new one) to records: no delete first. */
export async function addLinks(trx: Db, taskId: string, links: readonly RecordLink[]): Promise<void> {
  if (links.length === 0) return;
  await trx
    .insertInto("task_links")
    .values(links.map((l) => ({ task_id: taskId, entity: l.entity, record_id: l.id })))
    .execute();
}

export interface DueColumns {
  due_at: Date | null;
  due_date: string | null;
  all_day: boolean;
  overdue_at: Date | null;
  time_zone: string;
}

/**
 * Due moment columns from the API value: a date-time is due at that instant; a date is an all-day task due
 * from the start of that day in `timeZone` and overdue after its end (PostgreSQL does the zone arithmetic).
 */
export async function dueColumns(db: Db, dueAt: string | null, timeZone: string): Promise<DueColumns> {
  if (dueAt === null)
    return { due_at: null, due_date: null, all_day: false, overdue_at: null, time_zone: timeZone };
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueAt)) {
    const r = await sql<{ start: Date; end: Date }>`
      select (${dueAt}::date)::timestamp at time zone ${timeZone} as start,
             (${dueAt}::date + 1)::timestamp at time zone ${timeZone} as end`.execute(db);
    const row = r.rows[0];
    if (!row) throw new Error("due date conversion returned nothing");
    return { due_at: row.start, due_date: dueAt, all_day: true, overdue_at: row.end, time_zone: timeZone };
  }
  const at = new Date(dueAt);
  return { due_at: at, due_date: null, all_day: false, overdue_at: at, time_zone: timeZone };
}

export async function userTimeZone(db: Db, userId: string): Promise<string> {
  const u = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return u?.time_zone ?? "UTC";
}

export async function isKnownTaskType(db: Db, type: string, builtIn: readonly string[]): Promise<boolean> {
  if (builtIn.includes(type)) return true;
  const r = await db
    .selectFrom("task_types")
    .select("key")
    .where("key", "=", type)
    .where("is_active", "=", true)
    .executeTakeFirst();
  return r !== undefined;
}
