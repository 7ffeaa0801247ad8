import { type Kysely, sql } from "kysely";

/**
 * Message templates (email: subject + HTML body, SMS: text) with per-language variants
 * (`variants`: {"en": {"subject": …, "body": …}, "ru": …}); personal (seen by the owner only) or shared.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('email', 'sms')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      entity text CHECK (entity IS NULL OR entity ~ '^[a-z][a-z0-9_-]{0,62}$'),
      shared boolean NOT NULL DEFAULT false,
      owner_id uuid NOT NULL REFERENCES users(id),
      default_language text NOT NULL DEFAULT 'en' CHECK (default_language IN ('en', 'ru', 'sr', 'kk')),
      variants jsonb NOT NULL CHECK (jsonb_typeof(variants) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE INDEX message_templates_owner_idx ON message_templates (owner_id, name) WHERE deleted_at IS NULL;
    CREATE INDEX message_templates_shared_idx ON message_templates (name) WHERE deleted_at IS NULL AND shared;
    CREATE TRIGGER message_templates_touch BEFORE UPDATE ON message_templates
      FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
  `.execute(db);
}
