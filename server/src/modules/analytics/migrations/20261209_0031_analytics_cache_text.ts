import { type Kysely, sql } from "kysely";

/**
 * The result cache keeps each answer as the JSON text a hit sends (`body`), no longer as jsonb: a hit was
 * jsonb → text in PostgreSQL, then parsed, checked and written again in Node — 11–21 ms of server CPU per hit
 * for the large answers (plan vs fact, team performance's drill cells at 1M). Entries are recomputed on demand,
 * so the old ones are dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM analytics_cache`.execute(db);
  await sql`ALTER TABLE analytics_cache DROP COLUMN result, ADD COLUMN body text NOT NULL`.execute(db);
}
