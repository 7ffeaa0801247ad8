import { type Kysely, sql } from "kysely";

/**
 * The first response to each live contact (its first outbound call, e-mail or SMS or a meeting linked to it at or
 * after its creation), kept by the `analytics.rollups` consumer so team performance reads the period's leads from
 * one index range instead of probing every new contact's timeline. Activity footprints remember the contacts an
 * activity was linked to, so a change of its links recomputes the contacts it left as well. Plus owner-first
 * indexes on the rollups for owner-scoped reads (a sales manager's team). Rollups are rebuilt (built_at reset).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_lead_responses (
      contact_id uuid PRIMARY KEY,
      owner_id uuid,
      created_at timestamptz NOT NULL,
      responded_at timestamptz
    );
    CREATE INDEX analytics_lead_responses_created_idx ON analytics_lead_responses (created_at)
      INCLUDE (owner_id, responded_at);
    ALTER TABLE analytics_rollup_footprints ADD COLUMN contacts uuid[];
    UPDATE analytics_rollup_state SET built_at = NULL;
    CREATE INDEX analytics_activity_days_owner_idx ON analytics_activity_days (zone, owner_id, day)
      INCLUDE (kind, direction, count, answered, talk_seconds);
    CREATE INDEX analytics_deal_days_owner_idx ON analytics_deal_days (zone, event, owner_id, day)
      INCLUDE (pipeline_id, stage_id, currency, source, count, amount_count, amount_sum);
  `.execute(db);
}
