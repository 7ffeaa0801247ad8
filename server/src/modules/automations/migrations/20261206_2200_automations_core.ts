import { type Kysely, sql } from "kysely";

/**
 * Automation rules, their immutable versions, runs (one per rule version and trigger key — the exactly-once
 * key) and the per-step run log. Change events written by a rule carry the rule (`change_events.automation`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE change_events ADD COLUMN automation jsonb;

    CREATE TABLE automation_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
      owner_id uuid NOT NULL REFERENCES users(id),
      enabled boolean NOT NULL DEFAULT false,
      trigger_kind text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      current_version_id uuid,
      hook_public_id text UNIQUE,
      hook_secret text,
      scanned_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE TRIGGER automation_rules_touch BEFORE UPDATE ON automation_rules
      FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX automation_rules_enabled_idx ON automation_rules (trigger_kind)
      WHERE enabled AND deleted_at IS NULL;

    CREATE TABLE automation_rule_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
      version integer NOT NULL,
      definition jsonb NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (rule_id, version)
    );
    ALTER TABLE automation_rules ADD CONSTRAINT automation_rules_current_version_fk
      FOREIGN KEY (current_version_id) REFERENCES automation_rule_versions(id) DEFERRABLE INITIALLY DEFERRED;

    CREATE TABLE automation_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
      version_id uuid NOT NULL REFERENCES automation_rule_versions(id) ON DELETE CASCADE,
      trigger_key text NOT NULL,
      entity text NOT NULL,
      record_id uuid,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending','running','waiting','succeeded','failed','stopped','cancelled')),
      reason text,
      depth integer NOT NULL DEFAULT 0,
      parent_run_id uuid REFERENCES automation_runs(id) ON DELETE SET NULL,
      context jsonb NOT NULL DEFAULT '{}',
      cursor jsonb NOT NULL DEFAULT '[0]',
      attempts integer NOT NULL DEFAULT 0,
      error text,
      wake_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (version_id, trigger_key)
    );
    CREATE INDEX automation_runs_rule_idx ON automation_runs (rule_id, created_at DESC, id DESC);
    CREATE INDEX automation_runs_record_idx ON automation_runs (record_id, rule_id, created_at)
      WHERE record_id IS NOT NULL;
    CREATE INDEX automation_runs_waiting_idx ON automation_runs (record_id) WHERE status = 'waiting';
    CREATE INDEX automation_runs_finished_idx ON automation_runs (finished_at) WHERE finished_at IS NOT NULL;

    CREATE TABLE automation_run_steps (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES automation_runs(id) ON DELETE CASCADE,
      step_id text NOT NULL,
      step_type text NOT NULL,
      status text NOT NULL CHECK (status IN ('succeeded','failed','skipped','waiting','dry_run')),
      input jsonb,
      output jsonb,
      error text,
      attempt integer NOT NULL DEFAULT 1,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX automation_run_steps_run_idx ON automation_run_steps (run_id, id);

    CREATE TABLE automation_round_robin (
      rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
      step_id text NOT NULL,
      last_user_id uuid,
      PRIMARY KEY (rule_id, step_id)
    );

    UPDATE roles SET admin_permissions = array_append(admin_permissions, 'automations.manage')
      WHERE key = 'head_of_sales' AND NOT ('automations.manage' = ANY(admin_permissions));
  `.execute(db);
}
