import "dayjs/locale/ru";
import "dayjs/locale/kk";
import "dayjs/locale/sr";
import "dayjs/locale/sr-cyrl";
import { toLanguageCode } from "../../i18n/languages";
import { localeData } from "../../i18n/localeData";

/** dayjs locale (calendar month and weekday names) and first weekday for the interface language. */
export function datesSettings(language: string) {
  const code = toLanguageCode(language) ?? "en";
  // dayjs `sr` is the Latin script, `sr-cyrl` the Cyrillic.
  const locale = { sr: "sr-cyrl", "sr-Latn": "sr", ru: "ru", kk: "kk", en: "en" }[code];
  return { locale, firstDayOfWeek: localeData(language).firstDayOfWeek === 1 ? (1 as const) : (0 as const) };
}
