import { type Kysely, sql } from "kysely";

/** As for contacts (see contacts migration 2300): exact-match lookups must not scan a GIN pending list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER INDEX companies_emails_gin SET (fastupdate = off);
    ALTER INDEX companies_phone_e164_gin SET (fastupdate = off);
    ALTER INDEX companies_tax_ids_gin SET (fastupdate = off);
    SELECT gin_clean_pending_list('companies_emails_gin'::regclass),
      gin_clean_pending_list('companies_phone_e164_gin'::regclass),
      gin_clean_pending_list('companies_tax_ids_gin'::regclass);
  `.execute(db);
}
