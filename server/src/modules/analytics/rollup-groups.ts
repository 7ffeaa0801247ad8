import { type RawBuilder, sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { convertedAmount } from "../currencies/module.js";
import { periodTable } from "./rollup-periods.js";
import { ownedBy } from "./rollup-repository.js";

type DayBucket = "day" | "week" | "month" | "quarter" | "year";

/** A dimension the daily rollups can group by. */
export type RollupDimension =
  | { column: "owner_id" | "pipeline_id" | "stage_id" | "currency" | "kind" }
  | { team: true }
  | { bucket: DayBucket };

/**
 * A report-builder aggregate answerable from the daily rollups: deals by their creation day or activities by
 * their day, grouped by owner, team, pipeline, stage, currency, kind and day-or-coarser buckets of the zone,
 * measured by count and sum of the deal amount.
 */
export interface RollupGroupQuery {
  entity: "deals" | "activities";
  zone: string;
  dimensions: RollupDimension[];
  measures: ("count" | "sumAmount")[];
  /** Adds `cur` (the groups' lowest currency) and `cur_mixed`, as the report statement does. */
  currency: boolean;
  /**
   * Converts the amount sum to this workspace currency as the report statement does: each creation day's sum at
   * that day's rate when a date bucket groups (read from the days), else at today's; `cur` is then the workspace
   * currency and `cur_missing` the currencies without a rate.
   */
  convertTo?: string;
  /**
   * Whether any rate against `convertTo` exists. Without one every amount converts at 1 (its own currency) or not
   * at all, on any day, so the weekly/monthly levels stay exact; with one a date-grouped sum reads the days.
   */
  ratesExist?: boolean;
  /** Owners in the viewer's read scope (null: all). */
  owners: string[] | null;
  limit: number;
}

const STEP: Record<DayBucket, string> = {
  day: "1 day",
  week: "1 week",
  month: "1 month",
  quarter: "3 months",
  year: "1 year",
};

/**
 * Rows shaped as the report statement's (`d<i>` as text, `d<i>_from`/`d<i>_to` for buckets, `m<i>` as text,
 * `cur`/`cur_mixed`), in its order: by the dimensions when one is a date bucket, else by the first measure
 * descending. Exact: a bucket of local days in the zone is the same set of records as the bucket of instants.
 */
export async function rollupGroups(db: Database, q: RollupGroupQuery): Promise<Record<string, unknown>[]> {
  const zone = sql`${q.zone}::text`;
  const exprs: RawBuilder<unknown>[] = q.dimensions.map((d) =>
    "column" in d
      ? sql.ref(`r.${d.column}`)
      : "team" in d
        ? sql.ref("o.team_id")
        : sql`date_trunc(${sql.lit(d.bucket)}, r.day::timestamp)`,
  );
  const select: RawBuilder<unknown>[] = [];
  q.dimensions.forEach((d, i) => {
    const e = exprs[i] as RawBuilder<unknown>;
    if (!("bucket" in d)) {
      select.push(sql`${e}::text as ${sql.ref(`d${i}`)}`);
      return;
    }
    select.push(sql`to_char(${e}, 'YYYY-MM-DD') as ${sql.ref(`d${i}`)}`);
    select.push(sql`(${e} at time zone ${zone}) as ${sql.ref(`d${i}_from`)}`);
    select.push(sql`((${e} + ${STEP[d.bucket]}::interval) at time zone ${zone}) as ${sql.ref(`d${i}_to`)}`);
  });
  const dated = q.dimensions.some((d) => "bucket" in d);
  const base = q.convertTo;
  const converted =
    base &&
    convertedAmount(
      base,
      sql`r.amount_sum`,
      sql`r.currency`,
      dated ? sql`r.day` : sql`(now() at time zone ${zone})::date`,
    );
  const agg = (m: "count" | "sumAmount") =>
    m === "count"
      ? sql`coalesce(sum(r.count), 0)`
      : converted
        ? sql`round(sum(${converted}), 2)`
        : sql`sum(r.amount_sum)`;
  q.measures.forEach((m, i) => {
    select.push(sql`(${agg(m)})::text as ${sql.ref(`m${i}`)}`);
  });
  if (q.currency && converted) {
    select.push(
      sql`${base}::text as cur`,
      sql`coalesce(array_agg(distinct r.currency) filter (where r.amount_count > 0 and ${converted} is null), '{}') as cur_missing`,
    );
  } else if (q.currency) {
    select.push(
      sql`min(r.currency) as cur`,
      sql`(min(r.currency) is distinct from max(r.currency)) as cur_mixed`,
    );
  }
  // The coarsest level that is exact: weeks when every bucket is a week, months when no bucket is a day or a week
  // (months, quarters, years, or no date at all — a whole-history total), else days.
  const buckets = q.dimensions.flatMap((d) => ("bucket" in d ? [d.bucket] : []));
  // Converted sums by a date read the days: each day's sum at its own rate.
  const grain =
    converted && dated && q.ratesExist !== false
      ? null
      : buckets.length && buckets.every((b) => b === "week")
        ? "week"
        : buckets.some((b) => b === "day" || b === "week")
          ? null
          : "month";
  const daily = q.entity === "deals" ? "analytics_deal_days" : "analytics_activity_days";
  const table = sql.table((grain && periodTable(daily)) || daily);
  const level = grain ? sql`and r.grain = ${grain}` : sql``;
  const event = q.entity === "deals" ? sql`and r.event = 'created'` : sql``;
  const team = q.dimensions.some((d) => "team" in d) ? sql`left join users o on o.id = r.owner_id` : sql``;
  const groupBy = exprs.length ? sql`group by ${sql.join(exprs)}` : sql``;
  const first = q.measures[0] ?? "count";
  const order = q.dimensions.some((d) => "bucket" in d)
    ? sql.join(exprs)
    : exprs.length
      ? sql`${agg(first)} desc nulls last, ${sql.join(exprs)}`
      : sql`1`;
  const r = await sql<Record<string, unknown>>`
    select ${sql.join(select.length ? select : [sql`1 as one`])}
    from ${table} r ${team}
    where r.zone = ${q.zone} ${level} ${event} and ${ownedBy(q.owners)}
    ${groupBy} order by ${order} limit ${q.limit}`.execute(db);
  return r.rows;
}
