import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";

/**
 * `tandem_duplicate_text_key` was rewritten for speed (migration `20261207_0620`); the kept keys were not
 * recomputed, so the new function must give exactly the old one's keys. The old definition (migration
 * `20261207_0241`) is created here as a temporary function and both are compared over a varied corpus.
 */
const OLD_DEFINITION = sql`
  CREATE FUNCTION pg_temp.old_duplicate_text_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
      SELECT left(coalesce(string_agg(w, ' ' ORDER BY w COLLATE "C"), ''), 500)
      FROM regexp_split_to_table(
        regexp_replace(replace(public.tandem_search_norm($1), '.', ''),
          '[[:punct:][:space:] «»“”„‘’‚№–—]+', ' ', 'g'), ' ') AS w
      WHERE w <> '' AND w NOT IN ('llc', 'ltd', 'inc', 'corp', 'plc', 'gmbh', 'ag', 'bv', 'jsc', 'pjsc',
        'limited', 'incorporated', 'corporation', 'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'ано', 'тоо',
        'жшс', 'doo', 'доо', 'ад', 'ad', 'szr', 'сзр')
    $$`;

const CASES = [
  "",
  " ",
  ".",
  "...",
  "ООО «Ромашка»",
  "Ромашка, ООО",
  "ооо ромашка",
  "Фёдоров Иван",
  "Иван ФЁДОРОВ",
  "Федоров  Иван",
  "Đorđević Đorđe",
  "Djordjevic Djordje",
  "Ђорђевић Ђорђе",
  "Ћирић Ђурђа d.o.o.",
  "Petrović i sinovi d.o.o.",
  "Ąžuolas ŽUVĖDRA",
  "Құрманғазы Әлібек ұлы",
  "Нұрсұлтан Өтеміс Үйсін Һ і Ғ Қ Ң",
  "ТОО «Қазақ Ойл»",
  "ЖШС Алтын-Орда",
  "Acme, Inc.",
  "ACME INC",
  "acme   corp. ltd",
  "Smith & Sons LLC",
  "O'Brien–Smith — Partners",
  "“Quoted” „Name“ ‘single’ ‚low‘",
  "№ 5 Store",
  "tab\tseparated\nlines\r\nhere",
  "non\u00a0breaking\u2009thin\u3000ideographic",
  "Zürich Café Ærø Øresund straße",
  "İstanbul Işık",
  "ĲSSEL ǅEMAL",
  "a.b.c. d-e-f g_h/i\\j",
  "123 456 007",
  "z y x w v u t s r q p o n m l k j i h g f e d c b a",
  "b a b a",
  "Иван ivan Ivan ИВАН",
  "llc",
  "ООО ЗАО ИП",
  "🙂 emoji 🙂 name",
  "x".repeat(600),
  `${"слово ".repeat(120)}конец`,
];

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
  ..."ђћљњџјЂЋЉЊЏЈđćčžšĐĆČŽŠ",
  ..."әғқңөұүһіӘҒҚҢӨҰҮҺІ",
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäôöûüçñåøæßÉÖÜ",
  ..."0123456789",
  ..." .,;:!?\"'()[]{}-–—_/\\&@#%*+=«»“”„‘’‚№\t\n\u00a0",
  "dj",
  "Dj",
  "DJ",
  " ооо ",
  " ООО ",
  " llc ",
  " Inc. ",
  " d.o.o. ",
  " тоо ",
  " жшс ",
  " ад ",
  " ltd",
  "  ",
];

function corpus(count: number): (string | null)[] {
  const next = prng(20261207);
  const out: (string | null)[] = [...CASES, null];
  for (let i = 0; i < count; i++) {
    const len = 1 + Math.floor(next() * 40);
    let s = "";
    for (let j = 0; j < len; j++) s += PIECES[Math.floor(next() * PIECES.length)];
    out.push(s);
  }
  return out;
}

describe("tandem_duplicate_text_key", () => {
  const t = useTestContext();

  it("gives exactly the keys of its previous definition", async () => {
    const values = corpus(6000);
    const mismatches = await t.db.transaction().execute(async (trx) => {
      await OLD_DEFINITION.execute(trx);
      const res = await sql<{ value: string | null; old: string | null; new: string | null }>`
        select v as value, pg_temp.old_duplicate_text_key(v) as old, tandem_duplicate_text_key(v) as new
        from unnest(${values}::text[]) v`.execute(trx);
      expect(res.rows).toHaveLength(values.length);
      return res.rows.filter((r) => r.old !== r.new);
    });
    expect(mismatches).toEqual([]);
  });

  it("folds, drops legal forms and sorts words as documented", async () => {
    const res = await sql<{ a: string; b: string; c: string; d: string | null }>`select
      tandem_duplicate_text_key('ООО «Фёдоров и Ко»') as a,
      tandem_duplicate_text_key('Đorđević d.o.o.') as b,
      tandem_duplicate_text_key('Құрманғазы ТОО') as c,
      tandem_duplicate_text_key(null) as d`.execute(t.db);
    expect(res.rows[0]).toEqual({ a: "и ко федоров", b: "dordevic", c: "курмангазы", d: null });
  });
});
