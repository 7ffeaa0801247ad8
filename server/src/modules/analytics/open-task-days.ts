import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../../platform/db/database.js";

/**
 * The `overdue` CTE of team performance: open tasks overdue now per person of the `people` CTE. Days before
 * today's UTC day come from `analytics_open_task_days` (trigger-kept in the writers' transactions, so exact; one
 * row per owner for the past once compacted); today's tasks already overdue are counted from the open-task index,
 * one day's range per person (`tasks_owner_open_idx`, index only — the all-owner index by overdue time would visit
 * a heap page per task for the owner). One statement, one snapshot: both parts agree. `tasksScope(column)` is the
 * viewer's task read scope on an owner column.
 */
export function overdueNowSql(tasksScope: (column: string) => RawBuilder<SqlBool>): RawBuilder<unknown> {
  return sql`
    select p.id as owner_id,
      (coalesce((select sum(r.n) from analytics_open_task_days r
                 where r.owner_id = p.id and r.day < (now() at time zone 'UTC')::date), 0)
       + (select count(*) from tasks t
          where t.owner_id = p.id and t.status = 'open' and t.deleted_at is null
            and t.overdue_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
            and t.overdue_at < now()))::int as n
    from people p where ${tasksScope("p.id")}`;
}

/**
 * Folds `analytics_open_task_days` (the triggers append a delta row per statement, owner and day): each key's rows
 * into one, dropping keys that sum to 0, and every day before yesterday (UTC) into one row per owner on the day
 * before yesterday — readers sum all days before their today, so moving counts among past days changes nothing
 * (a reader's clock may lag the compaction's by up to a day). One statement: a reader sees the rows before or
 * after it, never half. It deletes exactly the rows of its snapshot and writers only append, so writers never
 * wait for it; the advisory lock keeps two compactions from deadlocking on each other's deletes.
 * Returns the rows deleted.
 */
export async function compactOpenTaskDays(db: Database): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_xact_lock(hashtextextended('analytics.open-task-days', 0)) as ok`.execute(trx);
    if (!lock.rows[0]?.ok) return 0;
    const r = await sql<{ deleted: number }>`
      with cut as (select (now() at time zone 'UTC')::date - 2 as day),
      dirty as (
        select r.owner_id, greatest(r.day, c.day) as day from analytics_open_task_days r cross join cut c
        group by 1, 2 having count(*) > 1 or sum(r.n) = 0),
      gone as (
        delete from analytics_open_task_days r using dirty d, cut c
        where r.owner_id = d.owner_id and greatest(r.day, c.day) = d.day
        returning d.owner_id, d.day, r.n),
      kept as (
        insert into analytics_open_task_days (owner_id, day, n)
        select owner_id, day, sum(n) from gone group by 1, 2 having sum(n) <> 0)
      select count(*)::int as deleted from gone`.execute(trx);
    return r.rows[0]?.deleted ?? 0;
  });
}
