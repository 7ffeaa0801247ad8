import { type Kysely, sql } from "kysely";

/**
 * GIN indexes that no query used, dropped because every insert and update paid for them (GIN maintenance is
 * most of a bulk import's insert time):
 * - `<t>_name_trgm` / `deals_title_trgm` on the raw name: duplicate checks now compare the accent-folded names
 *   and use `<t>_search_name_trgm`; search always did.
 * - `<t>_custom_gin` (`jsonb_path_ops` on the whole `custom` object): filters use per-field expression indexes.
 * - `<t>_search_fts_name`: a role hiding the secondary field is searched through the name + secondary vector's
 *   index, re-checked against the name alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS contacts_name_trgm;
    DROP INDEX IF EXISTS companies_name_trgm;
    DROP INDEX IF EXISTS deals_title_trgm;
    DROP INDEX IF EXISTS contacts_custom_gin;
    DROP INDEX IF EXISTS companies_custom_gin;
    DROP INDEX IF EXISTS deals_custom_gin;
    DROP INDEX IF EXISTS contacts_search_fts_name;
    DROP INDEX IF EXISTS companies_search_fts_name;
  `.execute(db);
}
