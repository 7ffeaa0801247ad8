import { type Kysely, sql } from "kysely";

/**
 * Full-text search: expression GIN indexes over `tandem_search_tsv(...)` = the 'simple' (no stemming, every
 * language alike) tsvector of the unaccented, lower-cased text. Words match in any order and as prefixes
 * ("petrov iv" finds "Ivan Petrov"). A record's name has its own index, and name + secondary text (contact
 * position, company legal name) a combined one, so a role that hides the secondary field searches the name
 * index only and never matches on what it cannot see.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Schema-qualified inside: pg_restore runs with an empty search_path while it rebuilds the indexes.
    CREATE FUNCTION tandem_search_tsv(VARIADIC text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsvector('simple'::regconfig, coalesce(public.tandem_search_norm(array_to_string($1, ' ')), '')) $$;

    CREATE INDEX contacts_search_fts_name ON contacts USING gin (tandem_search_tsv(name))
      WHERE deleted_at IS NULL;
    CREATE INDEX contacts_search_fts_all ON contacts USING gin (tandem_search_tsv(name, position))
      WHERE deleted_at IS NULL;
    CREATE INDEX companies_search_fts_name ON companies USING gin (tandem_search_tsv(name))
      WHERE deleted_at IS NULL;
    CREATE INDEX companies_search_fts_all ON companies USING gin (tandem_search_tsv(name, legal_name))
      WHERE deleted_at IS NULL;
    CREATE INDEX deals_search_fts ON deals USING gin (tandem_search_tsv(title))
      WHERE deleted_at IS NULL;
  `.execute(db);
}
