/**
 * Supported interface languages.
 * Serbian (`sr`) uses the Cyrillic script (the CLDR default for `sr`); Serbian Latin (`sr-Latn`) is generated from
 * it (see `GENERATED_FROM`), so there is no second set of Serbian texts.
 */
export const LANGUAGES = [
  { code: "en", nativeName: "English", intlLocale: "en" },
  { code: "ru", nativeName: "Русский", intlLocale: "ru" },
  { code: "sr", nativeName: "Српски", intlLocale: "sr-Cyrl" },
  { code: "sr-Latn", nativeName: "Srpski (latinica)", intlLocale: "sr-Latn" },
  { code: "kk", nativeName: "Қазақша", intlLocale: "kk" },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]["code"];

export const DEFAULT_LANGUAGE: LanguageCode = "en";
export const LANGUAGE_STORAGE_KEY = "tandem.language";
export const LANGUAGE_CODES: readonly LanguageCode[] = LANGUAGES.map((language) => language.code);

/** Languages without a resource file of their own: built from another language's resources. */
export const GENERATED_FROM: Readonly<Partial<Record<LanguageCode, LanguageCode>>> = { "sr-Latn": "sr" };

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === "string" && (LANGUAGE_CODES as readonly string[]).includes(value);
}

/** Maps any BCP 47 tag (e.g. `ru-RU`, `sr-Latn-RS` → `sr-Latn`) to a supported language, if there is one. */
export function toLanguageCode(tag: string | null | undefined): LanguageCode | undefined {
  const parts = tag?.toLowerCase().split(/[-_]/) ?? [];
  if (parts[0] === "sr" && parts[1] === "latn") return "sr-Latn";
  const base = parts[0];
  return isLanguageCode(base) ? base : undefined;
}

/** The locale handed to Intl formatters for an interface language. */
export function intlLocale(language: string): string {
  return LANGUAGES.find((entry) => entry.code === toLanguageCode(language))?.intlLocale ?? language;
}
