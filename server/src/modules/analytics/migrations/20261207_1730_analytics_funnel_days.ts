import { type Kysely, sql } from "kysely";

/**
 * The funnel without reading every deal created in the period (issue 14 speed): deal facts counted per UTC
 * creation day, pipeline and set of reached stages (`analytics_funnel_days`, a handful of sets per day). An
 * unrestricted viewer's cohort is the period's whole UTC days from here plus the partial days' facts; maintained
 * with the facts by net deltas (`deal-rollup-sql.ts`). Filled from the facts it finds (one aggregate at 1M).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_funnel_days (
      day date NOT NULL,
      pipeline_id uuid NOT NULL,
      reached uuid[] NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (pipeline_id, day, reached)
    );
    INSERT INTO analytics_funnel_days (day, pipeline_id, reached, n)
    SELECT (created_at AT TIME ZONE 'UTC')::date, pipeline_id, reached, count(*)
    FROM analytics_deal_facts GROUP BY 1, 2, 3;
    ANALYZE analytics_funnel_days;
  `.execute(db);
}
