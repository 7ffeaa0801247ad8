import { type Kysely, sql } from "kysely";
import { installLinkOwners } from "../link-owners.js";

/**
 * The owner of each linked record on `mail_thread_links` (`owner_id`, `record_live`: exists and not deleted), kept
 * by triggers (`link-owners.ts`), so an inbox reads the threads of the records its caller's scope covers as one
 * index range per owner — its cost no longer grows with the number of records the caller may read. The installs
 * are stated as they are today (a test compares them with the entity definitions); the backfill copies the
 * owners of the links already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE mail_thread_links
      ADD COLUMN owner_id uuid,
      ADD COLUMN record_live boolean NOT NULL DEFAULT false;
    -- Which entities the links' trigger knows (one row per installLinkOwners).
    CREATE TABLE mail_link_owner_sources (
      entity text PRIMARY KEY,
      install jsonb NOT NULL
    );
  `.execute(db);
  for (const entity of ["companies", "contacts", "deals", "products"]) {
    await installLinkOwners(db, {
      entity,
      table: entity,
      ownerColumn: "owner_id",
      softDeleteColumn: "deleted_at",
    });
  }
  await sql`
    CREATE INDEX mail_thread_links_owner_idx
      ON mail_thread_links (owner_id, entity, last_message_at DESC, thread_id DESC)
      WHERE unlinked_at IS NULL AND record_live;
  `.execute(db);
}
