/**
 * Serbian Cyrillic → Latin (gajica), letter for letter: the Latin interface (`sr-Latn`) is generated from the
 * Cyrillic resources so there is one set of Serbian texts. Љ/Њ/Џ become two letters: "Lj" before a lower-case
 * letter or alone, "LJ" inside upper-case words ("ЉУБА" → "LJUBA"). Non-Serbian text (placeholders
 * `{name}`, Latin words, digits) passes through unchanged. A copy of web/src/i18n/serbianLatin.ts (the web and
 * the server share no files); server texts use it for every `sr-Latn` fallback.
 */
const LETTERS: Readonly<Record<string, string>> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  ђ: "đ",
  е: "e",
  ж: "ž",
  з: "z",
  и: "i",
  ј: "j",
  к: "k",
  л: "l",
  љ: "lj",
  м: "m",
  н: "n",
  њ: "nj",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  ћ: "ć",
  у: "u",
  ф: "f",
  х: "h",
  ц: "c",
  ч: "č",
  џ: "dž",
  ш: "š",
};

const isUpper = (char: string | undefined) =>
  !!char && char !== char.toLowerCase() && char === char.toUpperCase();

export function toSerbianLatin(text: string): string {
  const chars = [...text];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? "";
    const lower = char.toLowerCase();
    const latin = LETTERS[lower];
    if (latin === undefined) {
      out += char;
      continue;
    }
    if (char === lower) {
      out += latin;
      continue;
    }
    // An upper-case digraph letter is all caps when a neighbouring letter is upper case too.
    const allCaps =
      latin.length > 1 &&
      (isUpper(chars[i + 1]) || (isUpper(chars[i - 1]) && !/\p{Ll}/u.test(chars[i + 1] ?? "")));
    out += allCaps ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out;
}
