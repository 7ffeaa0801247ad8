import { getCountries } from "libphonenumber-js";

/**
 * Country names and codes as people write them in files, in en, ru, sr (Cyrillic and Latin) and kk → ISO
 * 3166-1 alpha-2. Names come from the runtime's ICU data, plus the usual short forms it does not list.
 */
const ALIASES: Record<string, string> = {
  usa: "US",
  "u.s.": "US",
  "u.s.a.": "US",
  "united states of america": "US",
  america: "US",
  сша: "US",
  сад: "US",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  британия: "GB",
  англия: "GB",
  "russian federation": "RU",
  рф: "RU",
  "российская федерация": "RU",
  "republic of serbia": "RS",
  "република србија": "RS",
  "republika srbija": "RS",
  "republic of kazakhstan": "KZ",
  "республика казахстан": "KZ",
  "қазақстан республикасы": "KZ",
  рк: "KZ",
};

const fold = (s: string) => s.trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");

let names: Map<string, string> | null = null;

function table(): Map<string, string> {
  if (names) return names;
  const map = new Map<string, string>();
  const codes = getCountries() as string[];
  for (const locale of ["en", "ru", "sr", "sr-Latn", "kk"]) {
    const display = new Intl.DisplayNames([locale], { type: "region" });
    for (const code of codes) {
      const name = display.of(code);
      if (name && name !== code && !map.has(fold(name))) map.set(fold(name), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(fold(alias), code);
  names = map;
  return map;
}

/** The ISO alpha-2 code of a country written as a code (`us`, `RU`) or a name in a supported language. */
export function countryCode(text: string): string | null {
  const v = fold(text);
  if (/^[a-z]{2}$/.test(v)) {
    const code = v.toUpperCase();
    return (getCountries() as string[]).includes(code) ? code : null;
  }
  return table().get(v) ?? null;
}
