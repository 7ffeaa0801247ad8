import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS citext;
    CREATE EXTENSION IF NOT EXISTS unaccent;

    CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

    CREATE TABLE roles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text UNIQUE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      is_system boolean NOT NULL DEFAULT false,
      permissions jsonb NOT NULL DEFAULT '{}'::jsonb,
      field_rules jsonb NOT NULL DEFAULT '{}'::jsonb,
      admin_permissions text[] NOT NULL DEFAULT '{}',
      require_two_factor boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX roles_name_key ON roles (lower(name));

    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      head_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email citext NOT NULL UNIQUE,
      name text NOT NULL,
      phone text,
      language text NOT NULL DEFAULT 'en' CHECK (language IN ('en','ru','sr','kk')),
      time_zone text NOT NULL DEFAULT 'UTC',
      avatar_url text,
      position text,
      manager_id uuid REFERENCES users(id),
      team_id uuid REFERENCES teams(id),
      role_id uuid NOT NULL REFERENCES roles(id),
      is_active boolean NOT NULL DEFAULT true,
      password_hash text,
      must_change_password boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz,
      totp_secret text,
      two_factor_enabled boolean NOT NULL DEFAULT false,
      notify_by_email boolean NOT NULL DEFAULT true,
      deactivated_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX users_team_idx ON users (team_id);
    ALTER TABLE teams ADD CONSTRAINT teams_head_fk FOREIGN KEY (head_id) REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED;
    CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE TRIGGER teams_touch BEFORE UPDATE ON teams FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE TRIGGER roles_touch BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    -- The outbox: one row per change to a business record, written in the writer's transaction.
    CREATE TABLE change_events (
      id bigserial PRIMARY KEY,
      entity text NOT NULL,
      entity_id uuid NOT NULL,
      action text NOT NULL,
      changes jsonb NOT NULL DEFAULT '{}'::jsonb,
      actor_id uuid,
      request_id text,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    );
    CREATE INDEX change_events_undispatched_idx ON change_events (id) WHERE dispatched_at IS NULL;
    CREATE INDEX change_events_entity_idx ON change_events (entity, entity_id, id);
    CREATE FUNCTION notify_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('change_events', ''); RETURN NULL; END $$;
    CREATE TRIGGER change_events_notify AFTER INSERT ON change_events
      FOR EACH STATEMENT EXECUTE FUNCTION notify_change_events();

    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response_body jsonb,
      response_headers jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );
    CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE maintenance_runs (
      id bigserial PRIMARY KEY,
      job text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    );
  `.execute(db);
}
