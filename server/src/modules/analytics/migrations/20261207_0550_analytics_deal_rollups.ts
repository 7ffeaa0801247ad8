import { type Kysely, sql } from "kysely";

/**
 * Per-deal rollups for the widgets that are not sums over days (funnel, forecast, time in stage), maintained by
 * the `analytics.rollups` consumer with the daily ones (`deal-rollup-sql.ts`). They hold instants and dates, not
 * local days, so one set serves every time zone. Stage kinds and positions are joined when read (a reordered or
 * deleted stage needs no recomputation).
 *
 * - `analytics_deal_facts`: one row per live deal — creation, owner, pipeline, the stages its history entered
 *   (the funnel), and for an open deal with an amount its expected close month, amount and weighted amount
 *   (the footprint of its forecast row).
 * - `analytics_stage_stays`: the ended stays of live deals with the deal's owner and pipeline and the stay's
 *   exact length — percentiles need every value; stored here they are one index range without the deals join.
 * - `analytics_forecast_months`: open deals per expected close month × owner × pipeline × currency.
 *
 * The rollups are rebuilt (built_at reset): until then the widgets read the records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_deal_facts (
      deal_id uuid PRIMARY KEY,
      owner_id uuid,
      pipeline_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      reached uuid[] NOT NULL,
      expected_month date,
      currency text,
      amount numeric,
      weighted numeric
    );
    CREATE INDEX analytics_deal_facts_created_idx ON analytics_deal_facts (pipeline_id, created_at)
      INCLUDE (owner_id, reached);
    CREATE INDEX analytics_deal_facts_month_idx ON analytics_deal_facts (expected_month, owner_id)
      WHERE expected_month IS NOT NULL;

    CREATE TABLE analytics_stage_stays (
      deal_id uuid NOT NULL,
      owner_id uuid,
      pipeline_id uuid NOT NULL,
      stage_id uuid NOT NULL,
      left_at timestamptz NOT NULL,
      seconds numeric NOT NULL
    );
    CREATE INDEX analytics_stage_stays_left_idx ON analytics_stage_stays (left_at)
      INCLUDE (owner_id, pipeline_id, stage_id, seconds);
    CREATE INDEX analytics_stage_stays_deal_idx ON analytics_stage_stays (deal_id);

    CREATE TABLE analytics_forecast_months (
      month date NOT NULL,
      owner_id uuid,
      pipeline_id uuid NOT NULL,
      currency text,
      deals integer NOT NULL,
      amount numeric NOT NULL,
      weighted numeric,
      UNIQUE NULLS NOT DISTINCT (month, owner_id, pipeline_id, currency)
    );

    UPDATE analytics_rollup_state SET built_at = NULL;
  `.execute(db);
}
