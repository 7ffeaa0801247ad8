import { localeData } from "../../i18n/localeData";

/** `YYYY-MM-DD`, or why the text is not a date. */
export type DateParse = { value: string | null } | { error: "invalid" | "ambiguous" };
export type TimeParse = { value: { hour: number; minute: number } | null } | { error: "invalid" };

export interface DateParseOptions {
  /** Two-digit years are in the past (birthdays: `12.03.85` is 1985, never 2085). */
  past?: boolean;
  today?: Date;
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;

function isRealDay(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fullYear(text: string, m: number, d: number, options: DateParseOptions): number {
  if (text.length === 4) return Number(text);
  const today = options.today ?? new Date();
  const current = today.getFullYear();
  const century = Math.floor(current / 100) * 100;
  let year = century + Number(text);
  if (options.past) {
    const typed = iso(year, m, d);
    const now = iso(current, today.getMonth() + 1, today.getDate());
    if (typed > now) year -= 100;
  } else if (year > current + 20) year -= 100;
  return year;
}

/**
 * A date typed the way the interface language writes it: `dd.mm.yyyy` for ru/kk/sr and `mm/dd/yyyy` for en,
 * with `.`, `/` or `-` between the parts (spaces after them and a final dot allowed), two-digit years, or `yyyy-mm-dd` in any language. Text that does not
 * fit, or that only fits the other order (`13/03/1985` in English), is refused — never reinterpreted.
 */
export function parseTypedDate(text: string, language: string, options: DateParseOptions = {}): DateParse {
  // Serbian writes `12. 3. 1985.`: spaces around separators and a dot after the year are not part of the date.
  const typed = text
    .trim()
    .replace(/\s*(г|ж)\.?$/u, "")
    .replace(/\s*([./-])\s*/g, "$1")
    .replace(/\.$/, "");
  if (!typed) return { value: null };
  const yearFirst = /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/.exec(typed);
  if (yearFirst) {
    const [y, m, d] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
    return isRealDay(y, m, d) ? { value: iso(y, m, d) } : { error: "invalid" };
  }
  const parts =
    /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(typed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  if (!parts) return { error: "invalid" };
  const first = Number(parts[1]);
  const second = Number(parts[2]);
  const dayFirst = localeData(language).dateOrder === "dmy";
  const [d, m] = dayFirst ? [first, second] : [second, first];
  if (m > 12 && d <= 12) return { error: "ambiguous" };
  const y = fullYear(parts[3] ?? "", m, d, options);
  return isRealDay(y, m, d) ? { value: iso(y, m, d) } : { error: "invalid" };
}

/** `10:30`, `10.30`, `1030`, `9`, and in English `10:30 pm`; 24-hour otherwise. */
export function parseTypedTime(text: string): TimeParse {
  const typed = text.trim().toLowerCase();
  if (!typed) return { value: null };
  const match = /^(\d{1,2})(?:[:.\s]?(\d{2}))?\s*(am|pm|a|p)?$/.exec(typed);
  if (!match) return { error: "invalid" };
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const meridiem = match[3];
  if (meridiem) {
    if (hour < 1 || hour > 12) return { error: "invalid" };
    hour = (hour % 12) + (meridiem.startsWith("p") ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { error: "invalid" };
  return { value: { hour, minute } };
}

/** The text a `YYYY-MM-DD` value is shown as in a date input: `12.03.1985` or `03/12/1985`. */
export function typedDate(value: string | null | undefined, language: string): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return value ?? "";
  return localeData(language).dateOrder === "dmy"
    ? `${match[3]}.${match[2]}.${match[1]}`
    : `${match[2]}/${match[3]}/${match[1]}`;
}

export const typedTime = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;
