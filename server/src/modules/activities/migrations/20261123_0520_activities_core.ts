import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE activities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('call', 'meeting', 'note', 'email', 'sms', 'status_change', 'system')),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      subject text,
      body text,
      direction text CHECK (direction IN ('in', 'out')),
      phone text,
      duration_seconds integer CHECK (duration_seconds >= 0),
      outcome text,
      recording_url text CHECK (recording_url ~* '^https?://'),
      starts_at timestamptz,
      ends_at timestamptz,
      place text,
      participants jsonb NOT NULL DEFAULT '{"users": [], "contacts": []}'::jsonb,
      from_address text,
      to_address text,
      -- Payload of system items: {"event": "task_completed", ...} or {"field": "stage", "before": .., "after": ..}.
      event jsonb,
      task_id uuid REFERENCES tasks(id),
      -- The change event a system item was written from (makes the consumer idempotent).
      source_event_id bigint UNIQUE,
      owner_id uuid NOT NULL REFERENCES users(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
    );
    CREATE TRIGGER activities_touch BEFORE UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX activities_owner_meetings_idx ON activities (owner_id, starts_at)
      WHERE kind = 'meeting' AND deleted_at IS NULL;
    CREATE INDEX activities_task_idx ON activities (task_id) WHERE task_id IS NOT NULL;

    -- The timeline index: a record's items newest first, straight from one index range.
    CREATE TABLE activity_links (
      activity_id uuid NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
      entity text NOT NULL,
      record_id uuid NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (activity_id, entity, record_id)
    );
    CREATE INDEX activity_links_timeline_idx
      ON activity_links (entity, record_id, occurred_at DESC, activity_id DESC);
  `.execute(db);
}
