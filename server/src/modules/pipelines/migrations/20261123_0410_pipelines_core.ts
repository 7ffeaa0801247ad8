import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pipelines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      position integer NOT NULL DEFAULT 0,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE UNIQUE INDEX pipelines_one_default ON pipelines ((true)) WHERE is_default AND deleted_at IS NULL;
    CREATE TRIGGER pipelines_touch BEFORE UPDATE ON pipelines FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE pipeline_stages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pipeline_id uuid NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      position integer NOT NULL,
      probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
      kind text NOT NULL CHECK (kind IN ('open','won','lost')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX pipeline_stages_pipeline_idx ON pipeline_stages (pipeline_id, position);
    CREATE TRIGGER pipeline_stages_touch BEFORE UPDATE ON pipeline_stages FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    WITH p AS (
      INSERT INTO pipelines (name, position, is_default) VALUES ('New sales', 0, true) RETURNING id
    )
    INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind)
    SELECT p.id, s.name, s.position, s.probability, s.kind FROM p, (VALUES
      ('Qualification', 0, 10, 'open'),
      ('Needs analysis', 1, 25, 'open'),
      ('Proposal', 2, 50, 'open'),
      ('Negotiation', 3, 75, 'open'),
      ('Won', 4, 100, 'won'),
      ('Lost', 5, 0, 'lost')
    ) AS s(name, position, probability, kind);
  `.execute(db);
}
