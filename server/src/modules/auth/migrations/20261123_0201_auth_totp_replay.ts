import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The last TOTP time step accepted at sign-in, so an observed code cannot be replayed within its window.
    CREATE TABLE two_factor_last_step (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      step bigint NOT NULL
    );
  `.execute(db);
}
