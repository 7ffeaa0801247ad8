import { type Kysely, sql } from "kysely";

/**
 * `tandem_search_norm` also folds the letters people type as a simpler one, in search only (stored values
 * never change): Russian ё → е ("Федоров" finds "Фёдоров" and the reverse), Serbian ђ → д, ћ → ч and Latin
 * "dj" → d (unaccent already makes đ → d, ć/č → c, ž → z, so "Djordjevic" and "Dordevic" find "Đorđević"),
 * Kazakh ң → н, ө → о, ү/ұ → у, қ → к, ғ → г, һ → х, і → и, ә → а. Both cases are translated before lower(),
 * so the folding does not depend on the database's locale.
 *
 * Every index whose expression calls the function (the name trigram indexes, and the full-text ones through
 * `tandem_search_tsv`) holds values of the old definition and is rebuilt here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION tandem_search_norm(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT replace(lower(translate(public.unaccent('public.unaccent'::regdictionary, $1),
        'ЁёЂђЋћҢңӨөҮүҰұҚқҒғҺһІіӘә', 'ЕеДдЧчНнОоУуУуКкГгХхИиАа')), 'dj', 'd') $$;

    DO $$
    DECLARE ix record;
    BEGIN
      FOR ix IN
        SELECT schemaname, indexname FROM pg_indexes
        WHERE indexdef LIKE '%tandem_search_norm(%' OR indexdef LIKE '%tandem_search_tsv(%'
      LOOP
        EXECUTE format('REINDEX INDEX %I.%I', ix.schemaname, ix.indexname);
      END LOOP;
    END $$;
  `.execute(db);
}
