import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE companies ADD COLUMN IF NOT EXISTS merged_into uuid;
    ALTER TABLE contacts ADD COLUMN IF NOT EXISTS merged_into uuid;
    ALTER TABLE deals ADD COLUMN IF NOT EXISTS merged_into uuid;

    CREATE TABLE merges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL CHECK (entity IN ('companies', 'contacts', 'deals')),
      survivor_id uuid NOT NULL,
      merged_ids uuid[] NOT NULL,
      survivor_before jsonb NOT NULL DEFAULT '{}'::jsonb,
      links jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      undone_at timestamptz,
      undone_by uuid REFERENCES users(id)
    );
    CREATE INDEX merges_survivor_idx ON merges (entity, survivor_id);
  `.execute(db);
}
