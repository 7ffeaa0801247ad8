import { intlLocale } from "./languages";

/** A decimal amount as sent by the API, e.g. "1234.50" or "-0.0001". */
const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(language), options);
    dateFormats.set(key, format);
  }
  return format;
}

export function isDecimalString(value: string): value is `${number}` {
  return DECIMAL.test(value);
}

export function formatNumber(
  value: number | bigint | string,
  language: string,
  options: Intl.NumberFormatOptions = {},
): string {
  if (typeof value === "string") {
    if (!isDecimalString(value)) return value;
    return numberFormat(language, options).format(value);
  }
  return numberFormat(language, options).format(value);
}

/**
 * Formats a money amount given as a decimal string (never converted to a float, so no precision is lost).
 * Uses the currency's own minor units unless `fractionDigits` is given.
 */
export function formatMoney(
  amount: string,
  currency: string,
  language: string,
  options: Omit<Intl.NumberFormatOptions, "style" | "currency"> = {},
): string {
  const format = numberFormat(language, { ...options, style: "currency", currency: currency.toUpperCase() });
  return isDecimalString(amount.trim())
    ? format.format(amount.trim() as `${number}`)
    : `${amount} ${currency}`;
}

type DateInput = Date | string | number;

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

export interface DateFormatOptions {
  timeZone?: string;
}

export function formatDate(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "";
  return dateFormat(language, { dateStyle: "medium", ...options }).format(date);
}

export function formatDateTime(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "";
  return dateFormat(language, { dateStyle: "medium", timeStyle: "short", ...options }).format(date);
}

export function formatTime(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "";
  return dateFormat(language, { timeStyle: "short", ...options }).format(date);
}

/** "in 3 days" / "2 hours ago", choosing the largest sensible unit. */
export function formatRelative(value: DateInput, language: string, now: Date = new Date()): string {
  const seconds = Math.round((toDate(value).getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, "second");
}
