import { type Kysely, sql } from "kysely";

/**
 * The exact-match GIN indexes on phone and email arrays answer one probe per key (duplicate checks on create
 * and import, reference lookups). With `fastupdate` on, rows inserted since the last vacuum sit in the
 * index's pending list, which every probe scans in full: an import's later batches then took seconds per
 * 5,000 lookups. These arrays hold one or two values a row, so direct index inserts are cheap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER INDEX contacts_emails_gin SET (fastupdate = off);
    ALTER INDEX contacts_phone_e164_gin SET (fastupdate = off);
    SELECT gin_clean_pending_list('contacts_emails_gin'::regclass), gin_clean_pending_list('contacts_phone_e164_gin'::regclass);
  `.execute(db);
}
