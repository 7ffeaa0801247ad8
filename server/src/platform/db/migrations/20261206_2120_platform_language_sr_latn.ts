import { type Kysely, sql } from "kysely";

/** Serbian in Latin script (`sr-Latn`) becomes a fifth interface language a user may choose. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT users_language_check`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_language_check
    CHECK (language IN ('en','ru','sr','sr-Latn','kk'))`.execute(db);
}
