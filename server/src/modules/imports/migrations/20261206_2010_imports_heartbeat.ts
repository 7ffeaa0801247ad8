import { type Kysely, sql } from "kysely";

/**
 * A running import belongs to one attempt (`run_id`) that beats `heartbeat_at` every few seconds. A run whose
 * heartbeat is older than 30 s lost its worker (kill -9, crash) and is taken over by the next worker instead of
 * staying `running` until the job expires hours later.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports ADD COLUMN heartbeat_at timestamptz;
    ALTER TABLE imports ADD COLUMN run_id uuid;
  `.execute(db);
}
