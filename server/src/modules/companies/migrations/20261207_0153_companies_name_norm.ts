import { type Kysely, sql } from "kysely";

/**
 * Companies by name as search folds it (case, accents, ё/е…): a contacts import links its Company column to
 * existing companies this way and creates the missing ones, one probe per name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX companies_name_norm_idx ON companies (tandem_search_norm(name)) WHERE deleted_at IS NULL;
  `.execute(db);
}
