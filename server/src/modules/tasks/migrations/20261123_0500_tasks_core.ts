import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Admin-managed task types besides the built-in call, email, meeting and todo.
    CREATE TABLE task_types (
      key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      is_active boolean NOT NULL DEFAULT true,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TRIGGER task_types_touch BEFORE UPDATE ON task_types FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      description text NOT NULL DEFAULT '',
      type text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      -- The moment the task is due; for all-day tasks the start of due_date in time_zone.
      due_at timestamptz,
      due_date date,
      all_day boolean NOT NULL DEFAULT false,
      time_zone text NOT NULL DEFAULT 'UTC',
      -- When the task becomes overdue: due_at, or the end of due_date for all-day tasks.
      overdue_at timestamptz,
      duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 100000),
      reminders integer[] NOT NULL DEFAULT '{}',
      -- Bumped whenever due_at or reminders change; scheduled reminders carry it and go stale.
      due_version integer NOT NULL DEFAULT 1,
      location text,
      participants jsonb NOT NULL DEFAULT '[]'::jsonb,
      result text,
      completed_at timestamptz,
      -- Watermarks of the overdue scan; cleared when the task is rescheduled (see tasks/overdue.ts).
      overdue_notified_at timestamptz,
      escalated_at timestamptz,
      owner_id uuid NOT NULL REFERENCES users(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CHECK (all_day = (due_date IS NOT NULL)),
      CHECK ((due_at IS NULL) = (overdue_at IS NULL))
    );
    CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX tasks_owner_open_idx ON tasks (owner_id, overdue_at, id)
      WHERE status = 'open' AND deleted_at IS NULL;
    CREATE INDEX tasks_overdue_pending_idx ON tasks (overdue_at)
      WHERE status = 'open' AND deleted_at IS NULL AND overdue_notified_at IS NULL;
    CREATE INDEX tasks_escalation_pending_idx ON tasks (overdue_at)
      WHERE status = 'open' AND deleted_at IS NULL AND escalated_at IS NULL;
    CREATE INDEX tasks_owner_done_idx ON tasks (owner_id, completed_at DESC, id DESC)
      WHERE status = 'done' AND deleted_at IS NULL;
    CREATE INDEX tasks_due_idx ON tasks (due_at, id) WHERE deleted_at IS NULL;

    -- Generic links from a task to any CRM record (companies, contacts, deals; later tickets, projects).
    CREATE TABLE task_links (
      task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      entity text NOT NULL,
      record_id uuid NOT NULL,
      PRIMARY KEY (task_id, entity, record_id)
    );
    CREATE INDEX task_links_record_idx ON task_links (entity, record_id, task_id);
  `.execute(db);
}
