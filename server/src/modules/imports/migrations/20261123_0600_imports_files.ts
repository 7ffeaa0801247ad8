import { type Kysely, sql } from "kysely";

/** Upload storage in PostgreSQL (platform/files): every app instance sees every file. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      kind text NOT NULL,
      content_type text NOT NULL,
      size bigint NOT NULL DEFAULT 0,
      sha256 text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz
    );
    CREATE INDEX files_expires_idx ON files (expires_at) WHERE expires_at IS NOT NULL;

    -- 1 MiB pieces: no single bytea value gets near PostgreSQL's 1 GB limit and reads stream piece by piece.
    CREATE TABLE file_chunks (
      file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (file_id, seq)
    );
  `.execute(db);
}
