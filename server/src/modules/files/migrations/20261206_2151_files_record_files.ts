import { type Kysely, sql } from "kysely";

/**
 * Files attached to records: `(entity, record_id)` names any entity of the catalogue with the `files`
 * capability (no per-entity column); the bytes are a blob of the file store (`file_blobs`), shared by every
 * attachment of the same content. Soft-deleted rows keep their blob until the garbage collector purges them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL CHECK (entity ~ '^[a-z_]{1,40}$'),
      record_id uuid NOT NULL,
      blob_sha256 text NOT NULL REFERENCES file_blobs(sha256),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      kind text NOT NULL,
      content_type text NOT NULL,
      size bigint NOT NULL CHECK (size >= 0),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id)
    );
    CREATE INDEX record_files_record_idx ON record_files (entity, record_id, created_at DESC, id)
      WHERE deleted_at IS NULL;
    CREATE INDEX record_files_blob_idx ON record_files (blob_sha256);
    CREATE INDEX record_files_deleted_idx ON record_files (deleted_at) WHERE deleted_at IS NOT NULL;
  `.execute(db);
}
