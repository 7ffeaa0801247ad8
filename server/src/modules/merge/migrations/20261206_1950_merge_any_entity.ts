import { type Kysely, sql } from "kysely";

/** Merges may concern any entity declaring the merge capability (checked against the entity catalogue by the API). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE merges DROP CONSTRAINT IF EXISTS merges_entity_check`.execute(db);
}
