import { type Kysely, sql } from "kysely";

/**
 * Weekly and monthly levels of the activity and deal rollups (`grain` 'week' | 'month', `day` = the period's
 * first local day), summed from the daily rows of the same zone by the `analytics.rollups` consumer whenever it
 * recomputes a day of the period. Whole-history reports (no date bucket, or weeks, months, quarters, years) read
 * these instead of every owner-day: at 1M a zone holds ~0.5M activity-days but ~70k owner-weeks. Owner-first
 * indexes (scoped reads) and period-first ones (recomputation). Rollups are rebuilt (built_at reset).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_activity_periods (
      zone text NOT NULL,
      grain text NOT NULL CHECK (grain IN ('week', 'month')),
      day date NOT NULL,
      owner_id uuid,
      kind text NOT NULL,
      direction text NOT NULL,
      count integer NOT NULL,
      answered integer NOT NULL,
      talk_seconds bigint NOT NULL
    );
    CREATE INDEX analytics_activity_periods_owner_idx ON analytics_activity_periods (zone, grain, owner_id, day)
      INCLUDE (kind, direction, count, answered, talk_seconds);
    CREATE INDEX analytics_activity_periods_day_idx ON analytics_activity_periods (zone, grain, day);

    CREATE TABLE analytics_deal_periods (
      zone text NOT NULL,
      grain text NOT NULL CHECK (grain IN ('week', 'month')),
      day date NOT NULL,
      owner_id uuid,
      event text NOT NULL CHECK (event IN ('created', 'closed')),
      pipeline_id uuid NOT NULL,
      stage_id uuid NOT NULL,
      currency text,
      source text,
      count integer NOT NULL,
      amount_count integer NOT NULL,
      amount_sum numeric
    );
    CREATE INDEX analytics_deal_periods_owner_idx ON analytics_deal_periods (zone, grain, event, owner_id, day)
      INCLUDE (pipeline_id, stage_id, currency, source, count, amount_count, amount_sum);
    CREATE INDEX analytics_deal_periods_day_idx ON analytics_deal_periods (zone, grain, day);

    UPDATE analytics_rollup_state SET built_at = NULL;
  `.execute(db);
}
