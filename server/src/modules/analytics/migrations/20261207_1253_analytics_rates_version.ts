import { type Kysely, sql } from "kysely";

/**
 * A change of the exchange rates moves the analytics data version, so cached money figures (converted to the
 * workspace currency at each day's rate) are recomputed with the new rates instead of being served stale.
 * (A switch of the workspace currency is part of the cache key itself.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION analytics_rates_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE analytics_state SET data_version = data_version + 1, updated_at = now();
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER analytics_rates_changed AFTER INSERT OR UPDATE OR DELETE ON exchange_rates
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_rates_changed();
  `.execute(db);
}
