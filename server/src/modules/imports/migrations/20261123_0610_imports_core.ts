import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL,
      status text NOT NULL DEFAULT 'uploaded' CHECK (status IN
        ('uploaded', 'validated', 'queued', 'running', 'completed', 'failed', 'reverting', 'reverted')),
      file_id uuid NOT NULL REFERENCES files(id),
      file_name text NOT NULL,
      file_kind text NOT NULL,
      detected_encoding text NOT NULL,
      detected_delimiter text NOT NULL,
      encoding text NOT NULL,
      delimiter text NOT NULL,
      headers jsonb NOT NULL DEFAULT '[]'::jsonb,
      mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
      options jsonb NOT NULL,
      dry_run jsonb,
      dry_run_at timestamptz,
      total_rows integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      skipped integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      error text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      reverted_at timestamptz
    );
    CREATE TRIGGER imports_touch BEFORE UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX imports_created_by_idx ON imports (created_by, created_at DESC);

    CREATE TABLE import_rows (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      record_id uuid NOT NULL,
      action text NOT NULL CHECK (action IN ('created', 'updated')),
      before jsonb,
      PRIMARY KEY (import_id, row_number)
    );

    CREATE TABLE import_errors (
      id bigserial PRIMARY KEY,
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      column_name text NOT NULL,
      value text NOT NULL,
      reason text NOT NULL,
      kind text NOT NULL
    );
    CREATE INDEX import_errors_import_idx ON import_errors (import_id, row_number);
  `.execute(db);
}
