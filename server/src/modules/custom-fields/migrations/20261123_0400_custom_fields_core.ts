import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE custom_fields (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity text NOT NULL CHECK (entity IN ('companies','contacts','deals','tasks')),
      key text NOT NULL CHECK (key ~ '^[a-z][a-zA-Z0-9_]{0,62}$'),
      label text NOT NULL,
      type text NOT NULL,
      required boolean NOT NULL DEFAULT false,
      is_unique boolean NOT NULL DEFAULT false,
      default_value jsonb,
      help_text text NOT NULL DEFAULT '',
      position integer NOT NULL DEFAULT 0,
      group_name text NOT NULL DEFAULT '',
      filterable boolean NOT NULL DEFAULT false,
      options jsonb,
      link_entity text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    -- A key stays reserved while its (soft-deleted) data exists; purge frees it.
    CREATE UNIQUE INDEX custom_fields_entity_key ON custom_fields (entity, key);
    CREATE TRIGGER custom_fields_touch BEFORE UPDATE ON custom_fields FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
  `.execute(db);
}
