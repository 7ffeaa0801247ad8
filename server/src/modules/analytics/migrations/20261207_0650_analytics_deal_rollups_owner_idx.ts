import { type Kysely, sql } from "kysely";

/**
 * Owner-first indexes on the per-deal rollups: a sales manager's funnel and time in stage read their owners'
 * rows instead of filtering every owner's rows of the period (at 100k: 15–33 ms from the period-first index
 * against 2–4 ms from the deals themselves).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX analytics_deal_facts_owner_idx ON analytics_deal_facts (owner_id, created_at)
      INCLUDE (pipeline_id, reached);
    CREATE INDEX analytics_stage_stays_owner_idx ON analytics_stage_stays (owner_id, left_at)
      INCLUDE (pipeline_id, stage_id, seconds);
  `.execute(db);
}
