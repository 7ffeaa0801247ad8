/**
 * Formatting in the recipient's language: dates, money and numbers follow the conventions of en/ru/sr/kk
 * (ru/kk: `1 234,50 ₽`, `6 декабря 2026 г.`; sr: `1.234,50`, Cyrillic month names). Used by the template filters.
 */
export const TEMPLATE_LANGUAGES = ["en", "ru", "sr", "kk"] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

const LOCALES: Record<TemplateLanguage, string> = { en: "en-US", ru: "ru-RU", sr: "sr-Cyrl-RS", kk: "kk-KZ" };

export function isTemplateLanguage(v: unknown): v is TemplateLanguage {
  return typeof v === "string" && (TEMPLATE_LANGUAGES as readonly string[]).includes(v);
}

function locale(language: string): string {
  return isTemplateLanguage(language) ? LOCALES[language] : LOCALES.en;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== "string" || value.trim() === "") return null;
  // A plain date is a calendar day: format it at UTC noon so no time zone moves it to another day.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(value: unknown, language: string, style = "medium", timeZone = "UTC"): string {
  const d = toDate(value);
  if (!d) return value == null ? "" : String(value);
  const dateStyle = (["short", "medium", "long", "full"] as const).find((s) => s === style) ?? "medium";
  return new Intl.DateTimeFormat(locale(language), { dateStyle, timeZone }).format(d);
}

export function formatDateTime(value: unknown, language: string, timeZone = "UTC"): string {
  const d = toDate(value);
  if (!d) return value == null ? "" : String(value);
  return new Intl.DateTimeFormat(locale(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(d);
}

/** A decimal string or number; money is kept as a string to the formatter (no float rounding of cents). */
function decimal(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return null;
}

export function formatNumber(value: unknown, language: string, fractionDigits?: number): string {
  const n = decimal(value);
  if (n === null) return value == null ? "" : String(value);
  const opts: Intl.NumberFormatOptions =
    fractionDigits === undefined
      ? { maximumFractionDigits: 20 }
      : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(locale(language), opts).format(n as unknown as number);
}

/** `value` is a decimal string or `{amount, currency}`; `currency` an ISO 4217 code when the value has none. */
export function formatMoney(value: unknown, language: string, currency?: unknown): string {
  let amount: unknown = value;
  let code = typeof currency === "string" ? currency : undefined;
  if (value && typeof value === "object" && "amount" in value) {
    amount = (value as { amount: unknown }).amount;
    const c = (value as { currency?: unknown }).currency;
    if (typeof c === "string") code = c;
  }
  const n = decimal(amount);
  if (n === null) return amount == null ? "" : String(amount);
  if (!code || !/^[A-Z]{3}$/.test(code)) return formatNumber(n, language, 2);
  return new Intl.NumberFormat(locale(language), { style: "currency", currency: code }).format(
    n as unknown as number,
  );
}
