import { type Kysely, sql } from "kysely";

/**
 * Saved reports (a definition in the report grammar), dashboards (widgets + layout) and report schedules.
 * Sharing: private, a team, a role or everyone; a shared report always runs with the viewer's permissions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      definition jsonb NOT NULL,
      owner_id uuid NOT NULL REFERENCES users(id),
      visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private','team','role','everyone')),
      team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      role_id uuid REFERENCES roles(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX reports_owner_idx ON reports (owner_id, name);
    CREATE INDEX reports_shared_idx ON reports (visibility, team_id, role_id) WHERE visibility <> 'private';
    CREATE TRIGGER reports_touch BEFORE UPDATE ON reports FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE dashboards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      widgets jsonb NOT NULL DEFAULT '[]',
      owner_id uuid NOT NULL REFERENCES users(id),
      visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private','team','role','everyone')),
      team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      role_id uuid REFERENCES roles(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX dashboards_owner_idx ON dashboards (owner_id, name);
    CREATE TRIGGER dashboards_touch BEFORE UPDATE ON dashboards FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE report_schedules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      report_id uuid REFERENCES reports(id) ON DELETE CASCADE,
      dashboard_id uuid REFERENCES dashboards(id) ON DELETE CASCADE,
      owner_id uuid NOT NULL REFERENCES users(id),
      frequency text NOT NULL CHECK (frequency IN ('daily','weekly','monthly')),
      day_of_week smallint CHECK (day_of_week BETWEEN 1 AND 7),
      day_of_month smallint CHECK (day_of_month BETWEEN 1 AND 28),
      hour smallint NOT NULL DEFAULT 8 CHECK (hour BETWEEN 0 AND 23),
      time_zone text NOT NULL DEFAULT 'UTC',
      format text NOT NULL CHECK (format IN ('pdf','xlsx')),
      recipients uuid[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
      active boolean NOT NULL DEFAULT true,
      paused_reason text,
      next_run_at timestamptz NOT NULL,
      last_run_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((report_id IS NULL) <> (dashboard_id IS NULL))
    );
    CREATE INDEX report_schedules_due_idx ON report_schedules (next_run_at) WHERE active;
    CREATE INDEX report_schedules_owner_idx ON report_schedules (owner_id);
    CREATE TRIGGER report_schedules_touch BEFORE UPDATE ON report_schedules FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
  `.execute(db);
}
