import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      company_id uuid REFERENCES companies(id),
      contact_id uuid REFERENCES contacts(id),
      amount numeric(15,2) CHECK (amount >= 0),
      currency char(3),
      pipeline_id uuid NOT NULL REFERENCES pipelines(id),
      stage_id uuid NOT NULL REFERENCES pipeline_stages(id),
      probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
      probability_manual boolean NOT NULL DEFAULT false,
      expected_close_date date,
      source text,
      lost_reason text,
      stage_entered_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      tags text[] NOT NULL DEFAULT '{}',
      owner_id uuid NOT NULL REFERENCES users(id),
      custom jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CHECK ((amount IS NULL) = (currency IS NULL))
    );
    CREATE TRIGGER deals_touch BEFORE UPDATE ON deals FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX deals_created_idx ON deals (created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_owner_created_idx ON deals (owner_id, created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_title_idx ON deals (title, id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_stage_idx ON deals (stage_id, created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_pipeline_idx ON deals (pipeline_id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_company_idx ON deals (company_id) WHERE company_id IS NOT NULL;
    CREATE INDEX deals_contact_idx ON deals (contact_id) WHERE contact_id IS NOT NULL;
    CREATE INDEX deals_close_idx ON deals (expected_close_date, id) WHERE deleted_at IS NULL;
    CREATE INDEX deals_title_trgm ON deals USING gin (title gin_trgm_ops);
    CREATE INDEX deals_custom_gin ON deals USING gin (custom jsonb_path_ops);
    CREATE INDEX deals_tags_gin ON deals USING gin (tags);

    -- One row per stay of a deal in a stage: written on create and on every move (funnel analytics).
    CREATE TABLE deal_stage_history (
      id bigserial PRIMARY KEY,
      deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
      pipeline_id uuid NOT NULL REFERENCES pipelines(id),
      from_stage_id uuid REFERENCES pipeline_stages(id),
      to_stage_id uuid NOT NULL REFERENCES pipeline_stages(id),
      entered_at timestamptz NOT NULL DEFAULT now(),
      left_at timestamptz,
      moved_by uuid REFERENCES users(id)
    );
    CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (deal_id, entered_at);
    CREATE INDEX deal_stage_history_stage_idx ON deal_stage_history (to_stage_id, entered_at);
    CREATE UNIQUE INDEX deal_stage_history_open ON deal_stage_history (deal_id) WHERE left_at IS NULL;
  `.execute(db);
}
