import { type Kysely, sql } from "kysely";

/**
 * The dry run is a background job (`imports.dry-run`): an import is `validating` while it runs, with the share
 * of the file checked so far in `checked_percent` (rows checked in `processed`, invalid rows in `failed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports DROP CONSTRAINT imports_status_check;
    ALTER TABLE imports ADD CONSTRAINT imports_status_check CHECK (status IN
      ('uploaded', 'validating', 'validated', 'queued', 'running', 'completed', 'failed', 'reverting', 'reverted'));
    ALTER TABLE imports ADD COLUMN checked_percent smallint NOT NULL DEFAULT 0
      CHECK (checked_percent BETWEEN 0 AND 100);
  `.execute(db);
}
