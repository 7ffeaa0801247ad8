import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

/**
 * Weekly and monthly levels of the daily rollups (migration `20261207_0640_analytics_rollup_periods`): a period's
 * rows are the sums of its daily rows of the same zone, recomputed whenever one of its days is, so they equal
 * the daily level summed by construction. Read by the report builder's whole-history groupings
 * (`rollup-groups.ts`).
 */

type Db = Kysely<DB> | Transaction<DB>;

export const GRAINS = ["week", "month"] as const;
export type Grain = (typeof GRAINS)[number];

const LEVELS: Record<string, { table: string; columns: string[]; sums: string[] }> = {
  analytics_activity_days: {
    table: "analytics_activity_periods",
    columns: ["owner_id", "kind", "direction"],
    sums: ["count", "answered", "talk_seconds"],
  },
  analytics_deal_days: {
    table: "analytics_deal_periods",
    columns: ["owner_id", "event", "pipeline_id", "stage_id", "currency", "source"],
    sums: ["count", "amount_count", "amount_sum"],
  },
};

export const PERIOD_TABLES = Object.values(LEVELS).map((l) => l.table);

/** The weekly/monthly table of a daily rollup table. */
export const periodTable = (daily: string): string | null => LEVELS[daily]?.table ?? null;

/**
 * Recomputes the weeks and months of `zone` that contain `days` (null: every period) from the daily rows of
 * `daily` (a no-op for a rollup without levels).
 */
export async function refreshPeriods(
  trx: Db,
  daily: string,
  zone: string,
  days: string[] | null,
): Promise<void> {
  const level = LEVELS[daily];
  if (!level || days?.length === 0) return;
  const table = sql.table(level.table);
  const columns = level.columns.map((c) => sql.ref(c));
  const rcolumns = level.columns.map((c) => sql.ref(`r.${c}`));
  for (const grain of GRAINS) {
    // Inlined: the GROUP BY expression must be the very one selected (a parameter each time would not be).
    const unit = sql.lit(grain);
    const step = sql`${`1 ${grain}`}::interval`;
    const starts = days
      ? sql`(select distinct date_trunc(${unit}, d::timestamp)::date as s from unnest(${days}::date[]) d)`
      : null;
    await sql`delete from ${table} where zone = ${zone} and grain = ${grain}
      ${starts ? sql`and day in (select s from ${starts} p)` : sql``}`.execute(trx);
    await sql`
      insert into ${table} (zone, grain, day, ${sql.join(columns)}, ${sql.join(level.sums.map((c) => sql.ref(c)))})
      select ${zone}, ${grain}, date_trunc(${unit}, r.day::timestamp)::date, ${sql.join(rcolumns)},
        ${sql.join(level.sums.map((c) => sql`sum(${sql.ref(`r.${c}`)})`))}
      from ${sql.table(daily)} r
        ${starts ? sql`join ${starts} p on r.day >= p.s and r.day < (p.s + ${step})::date` : sql``}
      where r.zone = ${zone}
      group by date_trunc(${unit}, r.day::timestamp)::date, ${sql.join(rcolumns)}`.execute(trx);
  }
}
