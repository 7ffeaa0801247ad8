import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      title_key text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      entity text,
      entity_id uuid,
      -- Makes a notification happen at most once (e.g. task.reminder:<task>:<due version>:<offset>).
      dedupe_key text UNIQUE,
      read_at timestamptz,
      emailed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, (read_at IS NULL) DESC, id DESC);
    CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;

    -- Every instance LISTENs on one channel and forwards to its own SSE connections, so a notification
    -- written by any process (worker, another server) reaches the browser wherever it is connected.
    CREATE FUNCTION notify_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('tandem_notifications', json_build_object('id', NEW.id, 'userId', NEW.user_id)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
      FOR EACH ROW EXECUTE FUNCTION notify_notifications();
  `.execute(db);
}
