import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'vcf')),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      columns jsonb NOT NULL DEFAULT '[]'::jsonb,
      row_count integer,
      file_id uuid REFERENCES files(id) ON DELETE SET NULL,
      error text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX exports_created_by_idx ON exports (created_by, created_at DESC);
  `.execute(db);
}
