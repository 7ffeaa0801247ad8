/**
 * Cyrillic → Latin for technical keys (field keys, choice values), covering Russian, Kazakh and Serbian
 * letters. Readable rather than reversible: the key only has to be stable, unique and ASCII.
 */
const CYRILLIC: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  // Kazakh
  ә: "a",
  ғ: "g",
  қ: "q",
  ң: "n",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
  і: "i",
  // Serbian
  ђ: "dj",
  ј: "j",
  љ: "lj",
  њ: "nj",
  ћ: "c",
  џ: "dz",
  // Ukrainian and Belarusian letters that also turn up in names
  є: "ye",
  ї: "yi",
  ґ: "g",
  ў: "u",
  // Latin letters that do not decompose into a base letter and a mark
  đ: "dj",
  ł: "l",
  ø: "o",
  ß: "ss",
  æ: "ae",
  œ: "oe",
};

/** ASCII letters, digits and spaces only: Cyrillic transliterated, accents dropped (č → c), the rest a space. */
export function transliterate(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    const lower = char.toLowerCase();
    const mapped = CYRILLIC[lower];
    if (mapped === undefined) {
      out += char;
      continue;
    }
    // Keep the case of the first letter so word boundaries in camelCase survive ("Ж" → "Zh").
    out += char !== lower && mapped ? mapped[0]?.toUpperCase() + mapped.slice(1) : mapped;
  }
  return out
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim();
}

/**
 * A key in the server's rules (lowercase start, letters, digits, `_`, ≤ 63) from a label in any script:
 * `Deal size` → `dealSize`, `Высокий приоритет` → `vysokiyPrioritet`, `Ђорђе` → `djordje`. Labels with
 * nothing transliterable give `fallback`.
 */
export function keyFromLabel(label: string, fallback = "field"): string {
  const words = transliterate(label).split(" ").filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  if (!key) return fallback;
  return /^[a-z]/.test(key) ? key.slice(0, 63) : `${fallback}${key}`.slice(0, 63);
}

/** `base`, or `base2`, `base3`, … — the first one not in `taken` (kept within 63 characters). */
export function uniqueKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    const candidate = `${base.slice(0, 63 - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
