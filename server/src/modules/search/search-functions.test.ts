import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";

/**
 * The fuzzy indexes' functions became PL/pgSQL (migration `20261207_1305_search_functions_plpgsql`) without a
 * rebuild of the indexes, so they must give exactly what their SQL definitions gave. Those are created here as
 * temporary functions and compared over hand-picked values and generated strings.
 */
const OLD_DEFINITIONS = [
  sql`CREATE FUNCTION pg_temp.old_norm(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT replace(lower(translate(public.unaccent('public.unaccent'::regdictionary, $1),
      'ЁёЂђЋћҢңӨөҮүҰұҚқҒғҺһІіӘә', 'ЕеДдЧчНнОоУуУуКкГгХхИиАа')), 'dj', 'd') $$`,
  sql`CREATE FUNCTION pg_temp.old_join(text[]) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$`,
  sql`CREATE FUNCTION pg_temp.old_tsv(VARIADIC text[]) RETURNS tsvector LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_tsvector('simple'::regconfig, coalesce(pg_temp.old_norm(array_to_string($1, ' ')), '')) $$`,
];

const CASES = [
  "",
  " ",
  "Фёдоров Иван",
  "ЁЖИК ёжик",
  "Đorđević Djordje DJURO dj",
  "Ђорђевић Ћирић",
  "Құрманғазы Әлібек ұлы Һ і Ғ Қ Ң Ө Ү",
  "Zürich Café Ærø Øresund straße İstanbul",
  "ООО «Ромашка» & Co. — №5",
  "user.name+tag@example.com",
  "+7 (916) 200-00-01",
  "tab\tseparated\nlines\u00a0nbsp",
  "🙂 emoji",
  "x".repeat(600),
];

const PIECES = [
  ..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
  ..."ђћљњџјЂЋЉЊЏЈđćčžšĐĆČŽŠәғқңөұүһіӘҒҚҢӨҰҮҺІ",
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäôöûüçñåøæßÉÖÜ0123456789",
  ..." .,;:!?\"'()-–—_/@&«»\t",
  "dj",
  "DJ",
];

/** Deterministic strings (mulberry32), so a failure can be replayed. */
function corpus(count: number): string[] {
  let a = 20261207;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...CASES];
  for (let i = 0; i < count; i++) {
    let s = "";
    for (let j = 1 + Math.floor(next() * 30); j > 0; j--) s += PIECES[Math.floor(next() * PIECES.length)];
    out.push(s);
  }
  return out;
}

describe("search functions in PL/pgSQL", () => {
  const t = useTestContext();

  it("are what the fuzzy indexes call", async () => {
    const res = await sql<{ name: string; lang: string }>`select p.proname as name, l.lanname as lang
      from pg_proc p join pg_language l on l.oid = p.prolang
      where p.proname in ('tandem_search_norm', 'tandem_search_join', 'tandem_search_tsv') order by 1`.execute(
      t.db,
    );
    expect(res.rows).toEqual([
      { name: "tandem_search_join", lang: "plpgsql" },
      { name: "tandem_search_norm", lang: "plpgsql" },
      { name: "tandem_search_tsv", lang: "plpgsql" },
    ]);
  });

  it("give exactly what their SQL definitions gave, NULLs included", async () => {
    const values = corpus(3000);
    const mismatches = await t.db.transaction().execute(async (trx) => {
      for (const def of OLD_DEFINITIONS) await def.execute(trx);
      const res = await sql<{ a: string | null; b: string | null; same: boolean }>`
        with v as (select a, b from unnest(${values}::text[], ${[...values.slice(1), null]}::text[]) as v(a, b)
          union all select null, null union all select null, 'x' union all select 'x', null)
        select a, b,
          tandem_search_norm(a) is not distinct from pg_temp.old_norm(a)
          and tandem_search_join(array[a, b]) = pg_temp.old_join(array[a, b])
          and tandem_search_join(null::text[]) = pg_temp.old_join(null::text[])
          and tandem_search_tsv(a) = pg_temp.old_tsv(a)
          and tandem_search_tsv(a, b) = pg_temp.old_tsv(a, b) as same
        from v`.execute(trx);
      expect(res.rows.length).toBe(values.length + 3);
      return res.rows.filter((r) => !r.same);
    });
    expect(mismatches).toEqual([]);
  });
});
