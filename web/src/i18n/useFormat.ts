import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import {
  type DateFormatOptions,
  formatDate,
  formatDateTime,
  formatFullDate,
  formatMoney,
  formatMonthYear,
  formatNumber,
  formatRelative,
  formatTime,
  formatWeekdayDay,
  formatWeekdayShort,
  type NumberOptions,
} from "./format";

/** Formatters bound to the current interface language (and, optionally, the user's time zone). */
export function useFormat(timeZone?: string) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const dateOptions: DateFormatOptions = timeZone ? { timeZone } : {};
    type DateInput = Parameters<typeof formatDate>[0];
    return {
      language,
      number: (value: number | bigint | string, options?: NumberOptions) =>
        formatNumber(value, language, options),
      money: (amount: string, currency: string) => formatMoney(amount, currency, language),
      date: (value: DateInput) => formatDate(value, language, dateOptions),
      dateTime: (value: DateInput) => formatDateTime(value, language, dateOptions),
      time: (value: DateInput) => formatTime(value, language, dateOptions),
      relative: (value: DateInput) => formatRelative(value, language),
      monthYear: (value: DateInput) => formatMonthYear(value, language, dateOptions),
      fullDate: (value: DateInput) => formatFullDate(value, language, dateOptions),
      weekdayDay: (value: DateInput) => formatWeekdayDay(value, language, dateOptions),
      weekdayShort: (value: DateInput) => formatWeekdayShort(value, language, dateOptions),
    };
  }, [language, timeZone]);
}
