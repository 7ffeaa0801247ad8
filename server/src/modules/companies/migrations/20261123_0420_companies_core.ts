import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE companies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      legal_name text,
      types text[] NOT NULL DEFAULT '{}',
      tax_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
      tax_id_values text[] NOT NULL DEFAULT '{}',
      industry text,
      size text,
      website text,
      addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
      city text,
      phones jsonb NOT NULL DEFAULT '[]'::jsonb,
      phone_e164 text[] NOT NULL DEFAULT '{}',
      phone_digits text NOT NULL DEFAULT '',
      emails jsonb NOT NULL DEFAULT '[]'::jsonb,
      email_values text[] NOT NULL DEFAULT '{}',
      source text,
      tags text[] NOT NULL DEFAULT '{}',
      rating text,
      owner_id uuid NOT NULL REFERENCES users(id),
      parent_company_id uuid REFERENCES companies(id),
      custom jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE TRIGGER companies_touch BEFORE UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE INDEX companies_name_idx ON companies (name, id) WHERE deleted_at IS NULL;
    CREATE INDEX companies_owner_name_idx ON companies (owner_id, name, id) WHERE deleted_at IS NULL;
    CREATE INDEX companies_created_idx ON companies (created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX companies_updated_idx ON companies (updated_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX companies_name_trgm ON companies USING gin (name gin_trgm_ops);
    CREATE INDEX companies_custom_gin ON companies USING gin (custom jsonb_path_ops);
    CREATE INDEX companies_phone_e164_gin ON companies USING gin (phone_e164);
    CREATE INDEX companies_phone_digits_trgm ON companies USING gin (phone_digits gin_trgm_ops);
    CREATE INDEX companies_emails_gin ON companies USING gin (email_values);
    CREATE INDEX companies_tax_ids_gin ON companies USING gin (tax_id_values);
    CREATE INDEX companies_tags_gin ON companies USING gin (tags);
    CREATE INDEX companies_parent_idx ON companies (parent_company_id) WHERE parent_company_id IS NOT NULL;
    CREATE INDEX companies_deleted_idx ON companies (deleted_at) WHERE deleted_at IS NOT NULL;
  `.execute(db);
}
