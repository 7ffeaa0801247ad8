import { type Kysely, sql } from "kysely";

/**
 * An idempotency key in progress is held by a lease its request renews every few seconds, so a retry can tell a
 * request that is still running from one whose process died (its lease ran out): the latter's key is free again
 * at once instead of answering 409 for 24 hours. Keys without a lease (written before this migration) count as
 * expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz`.execute(db);
}
