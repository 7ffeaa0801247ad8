import { type Kysely, sql } from "kysely";

/**
 * The search functions the fuzzy indexes call (`tandem_search_norm`, `tandem_search_join`, `tandem_search_tsv`)
 * in PL/pgSQL, same expressions. As SQL functions they could not be inlined (`unaccent` and `array_to_string`
 * are STABLE inside an IMMUTABLE function), so every index entry ran them through the SQL-function executor — a
 * query start per call, and `tandem_search_tsv` a second one for the `tandem_search_norm` inside it: ~100 µs a
 * row for `tandem_search_tsv(name, position)` against ~38 µs as PL/pgSQL, whose single `RETURN` expression is
 * evaluated without an executor (PostgreSQL 15, 20,000 names). The search catch-up and every single-record
 * write pay it per row and index. Same results (`search-functions.test.ts` compares them with the SQL
 * definitions over a varied corpus), so the indexes stay valid without a rebuild.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Schema-qualified inside: pg_restore runs with an empty search_path while it rebuilds the indexes.
    CREATE OR REPLACE FUNCTION tandem_search_norm(text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ BEGIN
        RETURN replace(lower(translate(public.unaccent('public.unaccent'::regdictionary, $1),
          'ЁёЂђЋћҢңӨөҮүҰұҚқҒғҺһІіӘә', 'ЕеДдЧчНнОоУуУуКкГгХхИиАа')), 'dj', 'd');
      END $$;
    CREATE OR REPLACE FUNCTION tandem_search_join(text[]) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
      AS $$ BEGIN RETURN coalesce(array_to_string($1, ' '), ''); END $$;
    CREATE OR REPLACE FUNCTION tandem_search_tsv(VARIADIC text[]) RETURNS tsvector
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
      AS $$ BEGIN
        RETURN to_tsvector('simple'::regconfig, coalesce(public.tandem_search_norm(array_to_string($1, ' ')), ''));
      END $$;
  `.execute(db);
}
