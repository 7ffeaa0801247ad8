import { type RawBuilder, type SqlBool, sql } from "kysely";
import { z } from "zod";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { ValidationError } from "../../platform/errors.js";
import { isoDate } from "../../platform/http/schemas.js";

/** The dashboard filters every built-in widget takes. */
export const analyticsQuery = z.strictObject({
  from: isoDate.optional().describe("First day of the period (user's time zone); default 90 days ago"),
  to: isoDate.optional().describe("Last day of the period, inclusive; default today"),
  pipelineId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  userId: z.uuid().optional(),
  bucket: z
    .enum(["day", "week", "month"])
    .optional()
    .describe("Time step of series (default by period length)"),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export type Bucket = "day" | "week" | "month";

/** The filters resolved to instants in the viewer's time zone. */
export interface Filters {
  fromDate: string;
  toDate: string;
  /** Start of `fromDate` and start of the day after `toDate` as instants (half-open range). */
  from: Date;
  to: Date;
  timeZone: string;
  bucket: Bucket;
  /** Set when a daily step was asked for a period too long for it. */
  coarsened: boolean;
  pipelineId: string | null;
  teamId: string | null;
  userId: string | null;
}

const MAX_DAYS = 3660;
const MAX_DAILY = 366;
const MAX_WEEKLY = 730;

/** The period's row as `periodSql` selects it. */
export interface PeriodRow {
  tz: string;
  from_date: string;
  to_date: string;
  from: Date;
  to: Date;
  days: number;
}

/**
 * The period in the viewer's time zone as one row (`PeriodRow`): a statement of its own (`resolveFilters`) or the
 * first part of the cache lookup's (`cache.ts`), so a cache hit costs one round trip.
 */
export function periodSql(actor: Actor, q: AnalyticsQuery) {
  return sql<PeriodRow>`
    with u as (select coalesce((select time_zone from users where id = ${actor.userId}), 'UTC') as tz),
    d as (
      select u.tz,
        coalesce(${q.to ?? null}::date, (now() at time zone u.tz)::date) as to_date,
        coalesce(${q.from ?? null}::date,
          coalesce(${q.to ?? null}::date, (now() at time zone u.tz)::date) - 89) as from_date
      from u)
    select tz, to_char(from_date, 'YYYY-MM-DD') as from_date, to_char(to_date, 'YYYY-MM-DD') as to_date,
      from_date::timestamp at time zone tz as from, (to_date + 1)::timestamp at time zone tz as to,
      (to_date - from_date + 1)::int as days
    from d`;
}

/** Resolves the period in the viewer's time zone; too-long periods are refused, too-fine steps coarsened. */
export async function resolveFilters(db: Database, actor: Actor, q: AnalyticsQuery): Promise<Filters> {
  const r = await periodSql(actor, q).execute(db);
  const row = r.rows[0];
  if (!row) throw new Error("no period");
  return filtersOf(row, q);
}

/** The filters of a resolved period row (422 for an inverted or too long period). */
export function filtersOf(row: PeriodRow, q: AnalyticsQuery): Filters {
  if (row.days < 1) {
    throw ValidationError.field(
      "to",
      "The end of the period is before its start.",
      "analytics_period_invalid",
    );
  }
  if (row.days > MAX_DAYS) {
    throw ValidationError.field(
      "from",
      "The period is too long (at most 10 years).",
      "analytics_period_too_long",
    );
  }
  const natural: Bucket = row.days <= 62 ? "day" : row.days <= 366 ? "week" : "month";
  let bucket: Bucket = q.bucket ?? natural;
  let coarsened = false;
  if (bucket === "day" && row.days > MAX_DAILY) {
    bucket = row.days > MAX_WEEKLY ? "month" : "week";
    coarsened = true;
  } else if (bucket === "week" && row.days > MAX_WEEKLY * 7) {
    bucket = "month";
    coarsened = true;
  }
  return {
    fromDate: row.from_date,
    toDate: row.to_date,
    from: row.from,
    to: row.to,
    timeZone: row.tz,
    bucket,
    coarsened,
    pipelineId: q.pipelineId ?? null,
    teamId: q.teamId ?? null,
    userId: q.userId ?? null,
  };
}

/** The team / person filter on an owner column (AND-ed with the read scope, never instead of it). */
export function ownerFilter(f: Filters, column: string): RawBuilder<SqlBool> {
  const col = sql.ref(column);
  const parts: RawBuilder<SqlBool>[] = [];
  if (f.userId) parts.push(sql<SqlBool>`${col} = ${f.userId}`);
  if (f.teamId) parts.push(sql<SqlBool>`${col} in (select id from users where team_id = ${f.teamId})`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`true`;
}

export function pipelineFilter(f: Filters, column: string): RawBuilder<SqlBool> {
  return f.pipelineId ? sql<SqlBool>`${sql.ref(column)} = ${f.pipelineId}` : sql<SqlBool>`true`;
}

/** A local-time bucket start of an instant column as `YYYY-MM-DD`. */
export function bucketOf(f: Filters, column: string): RawBuilder<string> {
  return sql<string>`to_char(date_trunc(${f.bucket}, ${sql.ref(column)} at time zone ${f.timeZone}), 'YYYY-MM-DD')`;
}

export function monthOf(f: Filters, column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone ${f.timeZone}, 'YYYY-MM')`;
}
