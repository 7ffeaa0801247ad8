import { type Kysely, sql } from "kysely";

/** A stage's expected days: an open deal sitting in the stage longer is marked on the board ("rotting"). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE pipeline_stages ADD COLUMN rot_days integer CHECK (rot_days BETWEEN 1 AND 3650);
  `.execute(db);
}
