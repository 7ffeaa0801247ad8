import { type Kysely, sql } from "kysely";

/**
 * One b-tree fewer for every written contact, two for every deal, one for every stage change (issue 10 item
 * 22). The analytics covering indexes had the same predicate as an index beside them whose key they began
 * (`(created_at)` beside the lists' `(created_at, id)`, the deals' owner-first pair, `deal_stage_history (deal_id)`
 * beside `(deal_id, entered_at)`, the stay histogram's `(day)` beside its primary key), so every insert, import
 * and merge maintained two copies of the same order. Each pair is now one index: the longer key with the
 * analytics columns as `INCLUDE`, which serves the keyset walks and lookups (same key) and the rollups'
 * index-only range scans (same leading column, same columns). `platform/db/index-audit.test.ts` keeps it so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX contacts_analytics_created_idx;
    DROP INDEX contacts_created_idx;
    CREATE INDEX contacts_created_idx ON contacts (created_at, id) INCLUDE (owner_id, source)
      WHERE deleted_at IS NULL;
    DROP INDEX deals_analytics_created_idx;
    DROP INDEX deals_created_idx;
    CREATE INDEX deals_created_idx ON deals (created_at, id) INCLUDE (owner_id, pipeline_id, stage_id, source)
      WHERE deleted_at IS NULL;
    DROP INDEX deals_owner_created_cover_idx;
    DROP INDEX deals_owner_created_idx;
    CREATE INDEX deals_owner_created_idx ON deals (owner_id, created_at, id)
      INCLUDE (amount, currency, pipeline_id, stage_id, source) WHERE deleted_at IS NULL;
    DROP INDEX deal_stage_history_reach_idx;
    DROP INDEX deal_stage_history_deal_idx;
    CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (deal_id, entered_at) INCLUDE (to_stage_id);
    DROP INDEX analytics_stay_days_read_idx;
    ALTER TABLE analytics_stay_days DROP CONSTRAINT analytics_stay_days_pkey,
      ADD PRIMARY KEY (day, pipeline_id, stage_id, bucket) INCLUDE (n);
  `.execute(db);
}
