/**
 * Supported interface languages.
 * Serbian (`sr`) uses the Cyrillic script (the CLDR default for `sr`); a Latin variant could be added as `sr-Latn`.
 */
export const LANGUAGES = [
  { code: "en", nativeName: "English", intlLocale: "en" },
  { code: "ru", nativeName: "Русский", intlLocale: "ru" },
  { code: "sr", nativeName: "Српски", intlLocale: "sr-Cyrl" },
  { code: "kk", nativeName: "Қазақша", intlLocale: "kk" },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]["code"];

export const DEFAULT_LANGUAGE: LanguageCode = "en";
export const LANGUAGE_STORAGE_KEY = "tandem.language";
export const LANGUAGE_CODES: readonly LanguageCode[] = LANGUAGES.map((language) => language.code);

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === "string" && (LANGUAGE_CODES as readonly string[]).includes(value);
}

/** Maps any BCP 47 tag (e.g. `ru-RU`, `sr-Latn-RS`) to a supported language, if there is one. */
export function toLanguageCode(tag: string | null | undefined): LanguageCode | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return isLanguageCode(base) ? base : undefined;
}

/** The locale handed to Intl formatters for an interface language. */
export function intlLocale(language: string): string {
  return LANGUAGES.find((entry) => entry.code === toLanguageCode(language))?.intlLocale ?? language;
}
