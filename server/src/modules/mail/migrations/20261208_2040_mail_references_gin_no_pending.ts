import { type Kysely, sql } from "kysely";

/**
 * Threading probes `mail_messages_references_gin` once per key of a batch (`threading.ts` `threadClues`). With
 * `fastupdate` on, messages stored since the last vacuum sit in the index's pending list, which every probe
 * scans in full — during a backfill, the list of the very messages being stored (as for the contacts' lookup
 * indexes, `20261201_2300_contacts_lookup_gin_no_pending`). A message names few references (≤ 100), so direct
 * index inserts are cheap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER INDEX mail_messages_references_gin SET (fastupdate = off);
    SELECT gin_clean_pending_list('mail_messages_references_gin'::regclass);
  `.execute(db);
}
