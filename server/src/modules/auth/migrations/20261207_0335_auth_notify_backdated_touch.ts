import { type Kysely, sql } from "kysely";

/**
 * A session's or token's last_seen_at / last_used_at moved backwards (an admin or a script ageing a session) now
 * notifies like any other change: the cached actor keeps the touch time it read, so only a forward touch — the
 * once-a-minute write the app itself makes — can go unannounced. Without this the idle limit would be judged from
 * the cached touch instead of the stored one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION auth_notify_credentials() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      prefix text := CASE TG_TABLE_NAME WHEN 'sessions' THEN 's:' ELSE 't:' END;
      seen text := CASE TG_TABLE_NAME WHEN 'sessions' THEN 'last_seen_at' ELSE 'last_used_at' END;
      ignored text[] := array['last_seen_at', 'last_used_at'];
      ids text[];
    BEGIN
      IF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.id::text) INTO ids FROM old_rows o;
      ELSE
        SELECT array_agg(n.id::text) INTO ids
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE to_jsonb(o) - ignored IS DISTINCT FROM to_jsonb(n) - ignored
            OR (to_jsonb(n) ->> seen)::timestamptz < (to_jsonb(o) ->> seen)::timestamptz;
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
  `.execute(db);
}
