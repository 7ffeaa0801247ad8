import { type Kysely, sql } from "kysely";

/**
 * The record's id in the system it came from (1C, a spreadsheet, an old CRM): free text, unique among live
 * companies when set (exact match), the match key of update imports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE companies ADD COLUMN external_id text;
    CREATE UNIQUE INDEX companies_external_id_live ON companies (external_id)
      WHERE external_id IS NOT NULL AND deleted_at IS NULL;
  `.execute(db);
}
