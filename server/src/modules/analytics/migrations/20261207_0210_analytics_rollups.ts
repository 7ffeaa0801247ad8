import { type Kysely, sql } from "kysely";

/**
 * Daily rollups per owner, maintained from the change feed by the `analytics.rollups` consumer (`rollups.ts`):
 * days are local days of a time zone (`zone`), one set of rows per zone in `analytics_rollup_zones` (the users'
 * time zones). `analytics_rollup_footprints` remembers the instants each record was counted at, so a change
 * recomputes the days the record left as well as the days it entered, whatever the event carries.
 * `analytics_rollup_state.built_at` is null until the first build (the `analytics.rollups-build` job); until a
 * zone is built, widgets and reports read the records directly. Plus covering indexes for the report builder's
 * common group-bys under an owner scope and for the per-day recomputation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_rollup_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      built_at timestamptz,
      applied_at timestamptz
    );
    INSERT INTO analytics_rollup_state DEFAULT VALUES;

    CREATE TABLE analytics_rollup_zones (
      zone text PRIMARY KEY,
      built_at timestamptz
    );
    INSERT INTO analytics_rollup_zones (zone)
      SELECT DISTINCT time_zone FROM users WHERE time_zone IS NOT NULL
      UNION SELECT 'UTC';

    CREATE TABLE analytics_rollup_footprints (
      record_id uuid PRIMARY KEY,
      entity text NOT NULL,
      at timestamptz[] NOT NULL
    );

    CREATE TABLE analytics_activity_days (
      zone text NOT NULL,
      day date NOT NULL,
      owner_id uuid,
      kind text NOT NULL,
      direction text NOT NULL,
      count integer NOT NULL,
      answered integer NOT NULL,
      talk_seconds bigint NOT NULL
    );
    CREATE INDEX analytics_activity_days_idx ON analytics_activity_days (zone, day)
      INCLUDE (owner_id, kind, direction, count, answered, talk_seconds);

    CREATE TABLE analytics_deal_days (
      zone text NOT NULL,
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
    CREATE INDEX analytics_deal_days_idx ON analytics_deal_days (zone, event, day)
      INCLUDE (owner_id, pipeline_id, stage_id, currency, source, count, amount_count, amount_sum);

    CREATE TABLE analytics_contact_days (
      zone text NOT NULL,
      day date NOT NULL,
      owner_id uuid,
      source text,
      count integer NOT NULL
    );
    CREATE INDEX analytics_contact_days_idx ON analytics_contact_days (zone, day) INCLUDE (owner_id, source, count);

    CREATE TABLE analytics_task_days (
      zone text NOT NULL,
      day date NOT NULL,
      owner_id uuid,
      done integer NOT NULL
    );
    CREATE INDEX analytics_task_days_idx ON analytics_task_days (zone, day) INCLUDE (owner_id, done);

    DROP INDEX activities_analytics_idx;
    CREATE INDEX activities_day_idx ON activities (occurred_at)
      INCLUDE (owner_id, kind, direction, duration_seconds, outcome) WHERE deleted_at IS NULL;
    CREATE INDEX activities_owner_occurred_idx ON activities (owner_id, occurred_at)
      INCLUDE (kind, direction) WHERE deleted_at IS NULL;
    CREATE INDEX deals_owner_created_cover_idx ON deals (owner_id, created_at)
      INCLUDE (amount, currency, pipeline_id, stage_id, source) WHERE deleted_at IS NULL;
  `.execute(db);
}
