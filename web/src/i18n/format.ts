import { currencySymbol, localeData, minorUnits } from "./localeData";
import { type RelativeUnit, relativeText } from "./relativeTime";
import { type WallTime, wallTime } from "./zoned";

/** A decimal amount as sent by the API, e.g. "1234.50" or "-0.0001". */
const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

export function isDecimalString(value: string): value is `${number}` {
  return DECIMAL.test(value);
}

export interface NumberOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
}

/** A number without exponent notation ("1e21" → "1000000000000000000000"). */
function plainDecimal(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isFinite(value)) return String(value);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  if (Number.isInteger(value)) return BigInt(value).toString();
  return value.toFixed(Math.min(100, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 15)));
}

/** Rounds a decimal string half away from zero to at most `max` and at least `min` fraction digits. */
function roundDecimal(
  text: string,
  min: number,
  max: number,
): { negative: boolean; int: string; frac: string } {
  const negative = text.startsWith("-");
  const unsigned = text.replace(/^[-+]/, "");
  const [rawInt = "0", rawFrac = ""] = unsigned.split(".");
  let int = rawInt.replace(/^0+(?=\d)/, "");
  let frac = rawFrac;
  if (frac.length > max) {
    const roundUp = frac.charCodeAt(max) - 48 >= 5;
    frac = frac.slice(0, max);
    if (roundUp) {
      const digits = `${int}${frac}`.split("").map(Number);
      let i = digits.length - 1;
      while (i >= 0) {
        const next = (digits[i] ?? 0) + 1;
        if (next < 10) {
          digits[i] = next;
          break;
        }
        digits[i] = 0;
        i--;
      }
      const joined = `${i < 0 ? "1" : ""}${digits.join("")}`;
      int = joined.slice(0, joined.length - max) || "0";
      frac = max > 0 ? joined.slice(joined.length - max) : "";
    }
  }
  frac = frac.replace(/0+$/, "");
  while (frac.length < min) frac += "0";
  const zero = /^0*$/.test(int) && /^0*$/.test(frac);
  return { negative: negative && !zero, int, frac };
}

function groupDigits(int: string, separator: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function decimalText(text: string, language: string, options: NumberOptions): string {
  const data = localeData(language);
  const max = options.maximumFractionDigits ?? Math.max(3, options.minimumFractionDigits ?? 0);
  const { negative, int, frac } = roundDecimal(text, options.minimumFractionDigits ?? 0, max);
  return `${negative ? "-" : ""}${groupDigits(int, data.group)}${frac ? `${data.decimal}${frac}` : ""}`;
}

export function formatNumber(
  value: number | bigint | string,
  language: string,
  options: NumberOptions = {},
): string {
  if (typeof value === "string") {
    const text = value.trim();
    return isDecimalString(text) ? decimalText(text, language, options) : value;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return decimalText(plainDecimal(value), language, options);
}

/**
 * Formats a money amount given as a decimal string (never converted to a float, so no precision is lost),
 * with the currency's own minor units unless `fractionDigits` is given.
 */
export function formatMoney(
  amount: string,
  currency: string,
  language: string,
  options: NumberOptions = {},
): string {
  const text = amount.trim();
  if (!isDecimalString(text)) return `${amount} ${currency}`;
  const digits = minorUnits(currency);
  const number = decimalText(text, language, {
    minimumFractionDigits: options.minimumFractionDigits ?? digits,
    maximumFractionDigits:
      options.maximumFractionDigits ?? Math.max(digits, options.minimumFractionDigits ?? 0),
  });
  const symbol = currencySymbol(currency, language);
  const data = localeData(language);
  if (!data.currencyFirst) return `${number}\u00a0${symbol}`;
  const unsigned = number.replace(/^-/, "");
  const sign = number.startsWith("-") ? "-" : "";
  // Letter codes get a space ("RUB 10.00"), symbols none ("$10.00").
  return /^[A-Z]{3}$/.test(symbol) ? `${sign}${symbol}\u00a0${unsigned}` : `${sign}${symbol}${unsigned}`;
}

type DateInput = Date | string | number;

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

export interface DateFormatOptions {
  timeZone?: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` strings are calendar days (no time zone); anything else is an instant. */
const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function wallOf(value: DateInput, options: DateFormatOptions): WallTime | null {
  if (typeof value === "string") {
    const day = DAY_ONLY.exec(value);
    if (day) {
      const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
      const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
      return { year, month, day: date, hour: 0, minute: 0, second: 0, weekday };
    }
  }
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return null;
  return wallTime(date, options.timeZone);
}

/** `31.12.2026` (ru, kk, sr) or `Dec 31, 2026` (en). */
function dayText(w: WallTime, language: string): string {
  const data = localeData(language);
  if (data.dateOrder === "mdy") return `${data.monthsShort[w.month - 1]} ${w.day}, ${w.year}`;
  return `${pad(w.day)}.${pad(w.month)}.${w.year}`;
}

function timeText(w: WallTime, language: string): string {
  if (localeData(language).dateOrder === "mdy") {
    const hour = w.hour % 12 || 12;
    return `${hour}:${pad(w.minute)}\u202f${w.hour < 12 ? "AM" : "PM"}`;
  }
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function formatDate(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const w = wallOf(value, options);
  return w ? dayText(w, language) : "";
}

export function formatDateTime(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const w = wallOf(value, options);
  if (!w) return "";
  return `${dayText(w, language)}${localeData(language).dateOrder === "mdy" ? "," : ""} ${timeText(w, language)}`;
}

export function formatTime(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const w = wallOf(value, options);
  return w ? timeText(w, language) : "";
}

/** `декабрь 2026` / `December 2026` (a calendar's month title). */
export function formatMonthYear(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const w = wallOf(value, options);
  return w ? `${localeData(language).months[w.month - 1]} ${w.year}` : "";
}

/** `четверг, 3 декабря 2026` / `Thursday, December 3, 2026` (a calendar's day title). */
export function formatFullDate(value: DateInput, language: string, options: DateFormatOptions = {}): string {
  const w = wallOf(value, options);
  if (!w) return "";
  const data = localeData(language);
  const weekday = data.weekdays[w.weekday];
  if (data.dateOrder === "mdy") return `${weekday}, ${data.months[w.month - 1]} ${w.day}, ${w.year}`;
  if (data === localeData("sr") || data === localeData("sr-Latn"))
    return `${weekday}, ${w.day}. ${data.monthsInDate[w.month - 1]} ${w.year}.`;
  return `${weekday}, ${w.day} ${data.monthsInDate[w.month - 1]} ${w.year}`;
}

/** `чт, 3 дек.` / `Thu, Dec 3` (a week column's header). */
export function formatWeekdayDay(
  value: DateInput,
  language: string,
  options: DateFormatOptions = {},
): string {
  const w = wallOf(value, options);
  if (!w) return "";
  const data = localeData(language);
  const weekday = data.weekdaysShort[w.weekday];
  if (data.dateOrder === "mdy") return `${weekday}, ${data.monthsShort[w.month - 1]} ${w.day}`;
  return `${weekday}, ${w.day} ${data.monthsShort[w.month - 1]}`;
}

/** `пн` / `Mon` */
export function formatWeekdayShort(
  value: DateInput,
  language: string,
  options: DateFormatOptions = {},
): string {
  const w = wallOf(value, options);
  return w ? (localeData(language).weekdaysShort[w.weekday] ?? "") : "";
}

/** "in 3 days" / "2 часа назад", choosing the largest sensible unit, in the app's own words per language. */
export function formatRelative(value: DateInput, language: string, now: Date = new Date()): string {
  const seconds = Math.round((toDate(value).getTime() - now.getTime()) / 1000);
  const units: [RelativeUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const number = (n: number) => formatNumber(n, language);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeText(Math.round(seconds / size), unit, language, number);
  }
  return relativeText(0, "second", language, number);
}
