import { type Kysely, sql } from "kysely";

/** A user's photo lives in file storage; `avatar_url` carries its versioned URL for the clients. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN avatar_file_id uuid REFERENCES files(id) ON DELETE SET NULL;
  `.execute(db);
}
