import { type Kysely, sql } from "kysely";

/**
 * NOTIFY `tandem_auth` whenever something an authenticated actor is built from changes, so every process's
 * actor cache (`modules/auth/actor-cache.ts`) drops what it holds: `s:<id>` for a session, `t:<id>` for an API
 * token, `*` for users, roles and the password policy (anything may depend on them: role, team members, status).
 * Triggers, not application code, so no write path (another module, a script, psql) can forget it. Notifications
 * are sent at commit, and only if the transaction commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Sessions and tokens: one notification per changed row; a bulk change (more than 100 rows) flushes everything.
    -- Touching last_seen_at / last_used_at (done at most once a minute per session or token) changes nothing.
    CREATE FUNCTION auth_notify_credentials() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      prefix text := CASE TG_TABLE_NAME WHEN 'sessions' THEN 's:' ELSE 't:' END;
      ignored text[] := array['last_seen_at', 'last_used_at'];
      ids text[];
    BEGIN
      IF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.id::text) INTO ids FROM old_rows o;
      ELSE
        SELECT array_agg(n.id::text) INTO ids
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE to_jsonb(o) - ignored IS DISTINCT FROM to_jsonb(n) - ignored;
      END IF;
      IF ids IS NULL THEN
        RETURN NULL;
      ELSIF cardinality(ids) > 100 THEN
        PERFORM pg_notify('tandem_auth', '*');
      ELSE
        PERFORM pg_notify('tandem_auth', prefix || id) FROM unnest(ids) AS id;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER sessions_auth_notify_update AFTER UPDATE ON sessions
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_credentials();
    CREATE TRIGGER sessions_auth_notify_delete AFTER DELETE ON sessions
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_credentials();
    CREATE TRIGGER api_tokens_auth_notify_update AFTER UPDATE ON api_tokens
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_credentials();
    CREATE TRIGGER api_tokens_auth_notify_delete AFTER DELETE ON api_tokens
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_credentials();

    -- Users: a new or removed user changes a team's members; an update flushes unless it only touched profile
    -- columns no actor reads (a new column flushes until it is listed here).
    CREATE FUNCTION auth_notify_users_update() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      profile text[] := array['updated_at', 'name', 'phone', 'position', 'avatar_file_id', 'avatar_url',
                              'language', 'time_zone', 'notify_by_email'];
    BEGIN
      IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE to_jsonb(o) - profile IS DISTINCT FROM to_jsonb(n) - profile) THEN
        PERFORM pg_notify('tandem_auth', '*');
      END IF;
      RETURN NULL;
    END $$;
    CREATE FUNCTION auth_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('tandem_auth', '*');
      RETURN NULL;
    END $$;

    CREATE TRIGGER users_auth_notify_update AFTER UPDATE ON users
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_users_update();
    CREATE TRIGGER users_auth_notify_insert_delete AFTER INSERT OR DELETE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_all();
    CREATE TRIGGER roles_auth_notify AFTER INSERT OR UPDATE OR DELETE ON roles
      FOR EACH STATEMENT EXECUTE FUNCTION auth_notify_all();
    -- The password policy (expiry, 2FA for all) is read with every actor.
    CREATE TRIGGER app_settings_auth_notify_insert AFTER INSERT ON app_settings
      FOR EACH ROW WHEN (NEW.key = 'password_policy') EXECUTE FUNCTION auth_notify_all();
    CREATE TRIGGER app_settings_auth_notify_update AFTER UPDATE ON app_settings
      FOR EACH ROW WHEN (NEW.key = 'password_policy' OR OLD.key = 'password_policy') EXECUTE FUNCTION auth_notify_all();
    CREATE TRIGGER app_settings_auth_notify_delete AFTER DELETE ON app_settings
      FOR EACH ROW WHEN (OLD.key = 'password_policy') EXECUTE FUNCTION auth_notify_all();
  `.execute(db);
}
