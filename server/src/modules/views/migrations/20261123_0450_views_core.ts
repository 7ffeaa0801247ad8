import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE saved_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      filter jsonb,
      sort text NOT NULL DEFAULT '',
      columns text[] NOT NULL DEFAULT '{}',
      visibility text NOT NULL CHECK (visibility IN ('private','team','everyone')),
      owner_id uuid NOT NULL REFERENCES users(id),
      team_id uuid REFERENCES teams(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX saved_views_entity_idx ON saved_views (entity, visibility, owner_id);
    CREATE TRIGGER saved_views_touch BEFORE UPDATE ON saved_views FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
  `.execute(db);
}
