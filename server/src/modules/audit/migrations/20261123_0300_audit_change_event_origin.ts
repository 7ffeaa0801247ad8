import { type Kysely, sql } from "kysely";

/** Where a change came from, so the audit row of a record change carries the client's IP and user agent. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE change_events ADD COLUMN ip text, ADD COLUMN user_agent text;
  `.execute(db);
}
