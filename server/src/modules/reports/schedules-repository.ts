import { type RawBuilder, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Db } from "./repository.js";

export interface Cadence {
  frequency: "daily" | "weekly" | "monthly";
  hour: number;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  timeZone: string;
}

/**
 * The next time after `after` the cadence fires, computed by PostgreSQL in the schedule's zone (daylight saving
 * included): today's / this week's (ISO, Monday = 1) / this month's slot, or the next one when it has passed.
 */
export function nextRunSql(c: Cadence, after: RawBuilder<unknown> = sql`now()`): RawBuilder<Date> {
  const local = sql`(${after} at time zone ${c.timeZone}::text)`;
  const hour = sql`make_interval(hours => ${c.hour}::int)`;
  const [unit, offset, step] =
    c.frequency === "daily"
      ? [sql`'day'`, sql`interval '0 days'`, sql`interval '1 day'`]
      : c.frequency === "weekly"
        ? [sql`'week'`, sql`make_interval(days => ${(c.dayOfWeek ?? 1) - 1}::int)`, sql`interval '7 days'`]
        : [
            sql`'month'`,
            sql`make_interval(days => ${(c.dayOfMonth ?? 1) - 1}::int)`,
            sql`interval '1 month'`,
          ];
  const slot = sql`(date_trunc(${unit}, ${local}) + ${offset} + ${hour})`;
  return sql<Date>`((case when ${slot} > ${local} then ${slot} else ${slot} + ${step} end) at time zone ${c.timeZone}::text)`;
}

export async function isTimeZone(db: Db, tz: string): Promise<boolean> {
  const r = await db
    .selectFrom(sql`pg_timezone_names`.as("z") as never)
    .select(sql<number>`1`.as("one"))
    .where(sql.ref("z.name"), "=", tz)
    .executeTakeFirst();
  return r !== undefined;
}

export async function nextRun(db: Db, c: Cadence): Promise<Date> {
  const r = await sql<{ at: Date }>`select ${nextRunSql(c)} as at`.execute(db);
  return (r.rows[0] as { at: Date }).at;
}

/** Schedules whose time has come, locked for this worker (others skip them). */
export async function takeDue(trx: Transaction<DB>, limit: number) {
  return trx
    .selectFrom("report_schedules")
    .selectAll()
    .where("active", "=", true)
    .where("next_run_at", "<=", sql<Date>`now()`)
    .orderBy("next_run_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function usersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "language", "is_active", "team_id"])
    .where("id", "in", ids)
    .execute();
}
