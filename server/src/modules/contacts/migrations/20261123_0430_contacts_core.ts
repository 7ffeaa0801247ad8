import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      first_name text,
      last_name text,
      middle_name text,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
      position text,
      phones jsonb NOT NULL DEFAULT '[]'::jsonb,
      phone_e164 text[] NOT NULL DEFAULT '{}',
      phone_digits text NOT NULL DEFAULT '',
      emails jsonb NOT NULL DEFAULT '[]'::jsonb,
      email_values text[] NOT NULL DEFAULT '{}',
      messengers jsonb NOT NULL DEFAULT '[]'::jsonb,
      birthday date,
      notes text,
      preferred_channel text,
      language text,
      address jsonb,
      city text,
      source text,
      consent jsonb NOT NULL DEFAULT '{}'::jsonb,
      tags text[] NOT NULL DEFAULT '{}',
      owner_id uuid NOT NULL REFERENCES users(id),
      custom jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE TRIGGER contacts_touch BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX contacts_name_idx ON contacts (name, id) WHERE deleted_at IS NULL;
    CREATE INDEX contacts_owner_name_idx ON contacts (owner_id, name, id) WHERE deleted_at IS NULL;
    CREATE INDEX contacts_created_idx ON contacts (created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX contacts_updated_idx ON contacts (updated_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
    CREATE INDEX contacts_custom_gin ON contacts USING gin (custom jsonb_path_ops);
    CREATE INDEX contacts_phone_e164_gin ON contacts USING gin (phone_e164);
    CREATE INDEX contacts_phone_digits_trgm ON contacts USING gin (phone_digits gin_trgm_ops);
    CREATE INDEX contacts_emails_gin ON contacts USING gin (email_values);
    CREATE INDEX contacts_tags_gin ON contacts USING gin (tags);
    CREATE INDEX contacts_birthday_idx ON contacts (birthday) WHERE birthday IS NOT NULL AND deleted_at IS NULL;

    CREATE TABLE contact_companies (
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
      role text,
      is_primary boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (contact_id, company_id)
    );
    CREATE INDEX contact_companies_company_idx ON contact_companies (company_id, contact_id);
  `.execute(db);
}
