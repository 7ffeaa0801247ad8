import { type Kysely, sql } from "kysely";

/**
 * Each user's e-mail signatures (one per mailbox and a default with mailbox_id null), and files a user uploaded
 * for a letter (blobs in the files store, attachable only by their uploader).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mail_signatures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      mailbox_id uuid REFERENCES mailboxes(id) ON DELETE CASCADE,
      html text NOT NULL CHECK (length(html) <= 40000),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX mail_signatures_user_mailbox
      ON mail_signatures (user_id, coalesce(mailbox_id, '00000000-0000-0000-0000-000000000000'::uuid));

    CREATE TABLE mail_uploads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size_bytes bigint NOT NULL,
      blob_sha256 text NOT NULL CHECK (blob_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX mail_uploads_user_idx ON mail_uploads (user_id, created_at);
  `.execute(db);
}
