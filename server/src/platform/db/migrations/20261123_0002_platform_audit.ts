import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      action text NOT NULL,
      entity text,
      entity_id uuid,
      changes jsonb,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      ip text,
      user_agent text,
      request_id text,
      change_event_id bigint UNIQUE
    );
    CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC);
    CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id DESC);
    CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);
    CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);

    -- Append-only: the application can insert, never change or remove history.
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `.execute(db);
}
