import { type Kysely, sql } from "kysely";

/**
 * `search_deferred`: the run wrote its records pending for the search catch-up (a large run,
 * `platform/records/search-backlog.ts`), so the import reports `searchCatchingUp` until its entity has caught up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports ADD COLUMN search_deferred boolean NOT NULL DEFAULT false`.execute(db);
}
