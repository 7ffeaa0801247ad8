import { type Kysely, sql } from "kysely";

/**
 * Global search indexes on the CRM tables (their columns belong to the CRM modules; the search indexes to
 * search). Names are matched on `tandem_search_norm(x)` = lower(unaccent(x)) so "Đorđević" finds "Djordjevic"
 * style spellings and case never matters; trigram GIN indexes serve substring (LIKE '%q%') and typo
 * (word_similarity, `<%`) matching. Phones use the CRM's `phone_digits` trigram index; tax ids and exact emails
 * their array GIN indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- unaccent() is STABLE (it reads a dictionary by name); pinning the dictionary makes it safe to index.
    CREATE FUNCTION tandem_search_norm(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
    CREATE FUNCTION tandem_search_join(text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;

    CREATE INDEX contacts_search_name_trgm ON contacts USING gin (tandem_search_norm(name) gin_trgm_ops)
      WHERE deleted_at IS NULL;
    CREATE INDEX contacts_search_email_trgm ON contacts USING gin (tandem_search_join(email_values) gin_trgm_ops)
      WHERE deleted_at IS NULL;
    CREATE INDEX companies_search_name_trgm ON companies USING gin (tandem_search_norm(name) gin_trgm_ops)
      WHERE deleted_at IS NULL;
    CREATE INDEX companies_search_legal_trgm ON companies USING gin (tandem_search_norm(legal_name) gin_trgm_ops)
      WHERE deleted_at IS NULL AND legal_name IS NOT NULL;
    CREATE INDEX companies_search_email_trgm ON companies USING gin (tandem_search_join(email_values) gin_trgm_ops)
      WHERE deleted_at IS NULL;
    CREATE INDEX deals_search_title_trgm ON deals USING gin (tandem_search_norm(title) gin_trgm_ops)
      WHERE deleted_at IS NULL;
  `.execute(db);
}
