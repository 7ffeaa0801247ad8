import { type Kysely, sql } from "kysely";

/**
 * Blobs of the content-addressed file store (`platform/files/blobs.ts`): one row per stored SHA-256, kept by
 * whoever references the hash (record files, mail attachments); `touched_at` (each store of the same bytes)
 * starts the garbage collector's grace period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE file_blobs (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL CHECK (size >= 0),
      kind text NOT NULL,
      content_type text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      touched_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX file_blobs_touched_idx ON file_blobs (touched_at);
  `.execute(db);
}
