import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { overdueNowSql } from "./open-task-days.js";

export interface OverdueComparison {
  /** owner → open tasks overdue now, from `analytics_open_task_days` + today's index range. */
  rollup: Record<string, number>;
  /** owner → `count(*)` of open, live tasks with `overdue_at < now()`. */
  direct: Record<string, number>;
  /** Of the direct count, the tasks that became overdue earlier today (UTC). */
  today: number;
}

/** Both counts in one statement (one snapshot, one `now()`), every user a person. */
export async function compareOverdue(db: Database): Promise<OverdueComparison> {
  const r = await sql<{ owner_id: string; rollup: number; direct: number; today: number }>`
    with people as (select id from users),
    rollup as (${overdueNowSql(() => sql`true`)}),
    direct as (
      select owner_id, count(*)::int as n,
        count(*) filter (where overdue_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')::int
          as today
      from tasks where status = 'open' and deleted_at is null and overdue_at < now() group by owner_id)
    select coalesce(r.owner_id, d.owner_id) as owner_id, coalesce(r.n, 0) as rollup, coalesce(d.n, 0) as direct,
      coalesce(d.today, 0) as today
    from rollup r full join direct d on d.owner_id = r.owner_id`.execute(db);
  const out: OverdueComparison = { rollup: {}, direct: {}, today: 0 };
  for (const row of r.rows) {
    if (row.rollup !== 0) out.rollup[row.owner_id] = row.rollup;
    if (row.direct !== 0) out.direct[row.owner_id] = row.direct;
    out.today += row.today;
  }
  return out;
}

/**
 * Inserts `n` open tasks in one statement, as an import or a merge writes them: owners in turn, overdue
 * `hoursFromNow[i % length]` hours from now (null: no due time).
 */
export async function insertTasksInBulk(
  db: Database,
  owners: string[],
  n: number,
  hoursFromNow: Array<number | null>,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    insert into tasks (title, type, owner_id, due_at, overdue_at)
    select 'Imported ' || g, 'todo', (${owners}::uuid[])[1 + g % ${owners.length}], due, due
    from generate_series(0, ${n - 1}) g
      cross join lateral (select now() + make_interval(secs => (${hoursFromNow}::float8[])[1 + g % ${hoursFromNow.length}] * 3600) as due) d
    returning id`.execute(db);
  return r.rows.map((x) => x.id);
}
