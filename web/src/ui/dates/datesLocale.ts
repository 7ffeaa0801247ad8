import "dayjs/locale/ru";
import "dayjs/locale/kk";
import "dayjs/locale/sr-cyrl";
import { localeData } from "../../i18n/localeData";

/** dayjs locale (calendar month and weekday names) and first weekday for the interface language. */
export function datesSettings(language: string) {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? "en";
  const locale = base === "sr" ? "sr-cyrl" : ["ru", "kk"].includes(base) ? base : "en";
  return { locale, firstDayOfWeek: localeData(language).firstDayOfWeek === 1 ? (1 as const) : (0 as const) };
}
