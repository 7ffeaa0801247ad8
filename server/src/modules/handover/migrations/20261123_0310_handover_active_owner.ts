import { type Kysely, sql } from "kysely";

/**
 * `enforce_active_owner('<owner column>')`: a trigger function owned tables attach so the database itself
 * refuses to give a record to a deactivated user:
 *
 *   CREATE TRIGGER deals_active_owner BEFORE INSERT OR UPDATE OF owner_id ON deals
 *     FOR EACH ROW EXECUTE FUNCTION enforce_active_owner('owner_id');
 *
 * It share-locks the owner's row, so it waits for a deactivation in progress (which holds that row for update)
 * and then sees the user inactive: a record cannot slip to a user while their records are handed over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION enforce_active_owner() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      owner uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
      old_owner uuid;
      active boolean;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        old_owner := (to_jsonb(OLD) ->> TG_ARGV[0])::uuid;
        IF owner IS NOT DISTINCT FROM old_owner THEN RETURN NEW; END IF;
      END IF;
      IF owner IS NULL THEN
        RAISE EXCEPTION 'a % record needs an owner', TG_TABLE_NAME USING ERRCODE = 'not_null_violation';
      END IF;
      SELECT u.is_active INTO active FROM users u WHERE u.id = owner FOR SHARE;
      IF active IS DISTINCT FROM true THEN
        RAISE EXCEPTION 'the owner of a % record must be an active user', TG_TABLE_NAME
          USING ERRCODE = 'check_violation', CONSTRAINT = 'active_owner';
      END IF;
      RETURN NEW;
    END $$;
  `.execute(db);
}
