import { type Kysely, sql } from "kysely";

/**
 * Analytics: sales targets (plan vs fact), the result cache keyed by query + scope + data version, the data
 * version the `analytics.data-version` consumer advances from the change feed, and covering indexes for the
 * dashboard widgets (each widget reads one index range of the period, never the whole table).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sales_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      amount numeric(15,2) NOT NULL CHECK (amount >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((user_id IS NULL) <> (team_id IS NULL))
    );
    CREATE UNIQUE INDEX sales_targets_key ON sales_targets (coalesce(user_id, team_id), month, currency);
    CREATE INDEX sales_targets_month_idx ON sales_targets (month);
    CREATE TRIGGER sales_targets_touch BEFORE UPDATE ON sales_targets
      FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE analytics_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      data_version bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO analytics_state DEFAULT VALUES;

    CREATE TABLE analytics_cache (
      key text PRIMARY KEY,
      data_version bigint NOT NULL,
      result jsonb NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX analytics_cache_computed_idx ON analytics_cache (computed_at);

    CREATE INDEX deals_analytics_closed_idx ON deals (closed_at)
      INCLUDE (owner_id, stage_id, pipeline_id, amount, currency, created_at, lost_reason, source)
      WHERE deleted_at IS NULL AND closed_at IS NOT NULL;
    CREATE INDEX deals_analytics_created_idx ON deals (created_at)
      INCLUDE (owner_id, pipeline_id, stage_id, source)
      WHERE deleted_at IS NULL;
    CREATE INDEX deals_analytics_open_idx ON deals (expected_close_date)
      INCLUDE (owner_id, pipeline_id, stage_id, amount, currency, probability)
      WHERE deleted_at IS NULL AND closed_at IS NULL;
    CREATE INDEX deal_stage_history_reach_idx ON deal_stage_history (deal_id) INCLUDE (to_stage_id);
    CREATE INDEX deal_stage_history_left_idx ON deal_stage_history (left_at)
      INCLUDE (deal_id, to_stage_id, entered_at) WHERE left_at IS NOT NULL;
    CREATE INDEX activities_analytics_idx ON activities (occurred_at)
      INCLUDE (kind, direction, owner_id, duration_seconds, outcome)
      WHERE deleted_at IS NULL AND kind IN ('call', 'email', 'sms', 'meeting');
    CREATE INDEX tasks_analytics_done_idx ON tasks (completed_at) INCLUDE (owner_id)
      WHERE status = 'done' AND deleted_at IS NULL;
    CREATE INDEX contacts_analytics_created_idx ON contacts (created_at) INCLUDE (owner_id, source)
      WHERE deleted_at IS NULL;
  `.execute(db);
}
