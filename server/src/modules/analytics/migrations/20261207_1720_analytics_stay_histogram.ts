import { type Kysely, sql } from "kysely";

/**
 * Time in stage without sorting every stay of the period (issue 14 speed): per UTC day, pipeline, stage and
 * length bucket the number of ended stays (`analytics_stay_days`), so an unrestricted viewer's exact median / p90
 * are found as ranks in the summed histogram and read from the few stays of the buckets that hold them
 * (`analytics_stage_stays_bucket_idx`). `repeat_of` (the `left_at` of the same deal's previous stay in that stage)
 * counts the stays' distinct deals without sorting them: a deal's first stay of the period is the one whose
 * previous stay is before the period or missing. Maintained with the stays (`deal-rollup-sql.ts`).
 *
 * `analytics_stay_bucket` is monotonic in the length (⌊64·ln(1 + seconds)⌋, ~1.6 % wide), so the stays sorted by
 * length are the buckets in order. The migration fills both from the stays it finds (a sorted pass at 1M).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION analytics_stay_bucket(seconds numeric) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $fn$ SELECT floor(ln(1 + greatest($1, 0)::float8) * 64)::integer $fn$;

    ALTER TABLE analytics_stage_stays ADD COLUMN repeat_of timestamptz;
    UPDATE analytics_stage_stays s SET repeat_of = p.prev
    FROM (
      SELECT deal_id, stage_id, left_at,
        lag(left_at) OVER (PARTITION BY deal_id, stage_id ORDER BY left_at) AS prev
      FROM analytics_stage_stays
      WHERE (deal_id, stage_id) IN (
        SELECT deal_id, stage_id FROM analytics_stage_stays GROUP BY 1, 2 HAVING count(*) > 1)
    ) p
    WHERE p.prev IS NOT NULL AND s.deal_id = p.deal_id AND s.stage_id = p.stage_id AND s.left_at = p.left_at;

    CREATE TABLE analytics_stay_days (
      day date NOT NULL,
      pipeline_id uuid NOT NULL,
      stage_id uuid NOT NULL,
      bucket integer NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (day, pipeline_id, stage_id, bucket)
    );
    INSERT INTO analytics_stay_days (day, pipeline_id, stage_id, bucket, n)
    SELECT (left_at AT TIME ZONE 'UTC')::date, pipeline_id, stage_id, analytics_stay_bucket(seconds), count(*)
    FROM analytics_stage_stays GROUP BY 1, 2, 3, 4;
    CREATE INDEX analytics_stay_days_read_idx ON analytics_stay_days (day) INCLUDE (pipeline_id, stage_id, bucket, n);

    CREATE INDEX analytics_stage_stays_bucket_idx ON analytics_stage_stays
      (stage_id, analytics_stay_bucket(seconds), left_at) INCLUDE (pipeline_id, seconds);
    CREATE INDEX analytics_stage_stays_repeat_idx ON analytics_stage_stays (left_at)
      INCLUDE (stage_id, pipeline_id, repeat_of) WHERE repeat_of IS NOT NULL;
    ANALYZE analytics_stage_stays;
    ANALYZE analytics_stay_days;
  `.execute(db);
}
