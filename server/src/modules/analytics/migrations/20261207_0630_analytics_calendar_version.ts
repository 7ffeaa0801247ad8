import { type Kysely, sql } from "kysely";

/**
 * A change of the business calendar moves the analytics data version, so cached team-performance answers
 * (response time on business hours) are recomputed with the new working days instead of being served stale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION analytics_calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE analytics_state SET data_version = data_version + 1, updated_at = now();
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER analytics_calendar_changed AFTER INSERT OR UPDATE OR DELETE ON business_calendar
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_changed();
    CREATE TRIGGER analytics_calendar_changed AFTER INSERT OR UPDATE OR DELETE ON business_calendar_week
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_changed();
    CREATE TRIGGER analytics_calendar_changed AFTER INSERT OR UPDATE OR DELETE ON business_calendar_dates
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_calendar_changed();
  `.execute(db);
}
