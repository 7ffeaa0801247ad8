import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import type { FieldError } from "../../platform/errors.js";
import { countryCode } from "../../platform/records/countries.js";
import type { ImportedPhone } from "../../platform/records/import-spec.js";
import { invalidPhoneMessage, normalizeTaxIds, parsePhone } from "../../platform/records/values.js";
import { normalizeTagList } from "../tags/module.js";
import { parseAmount } from "./amount.js";
import type { ImportField } from "./fields.js";
import type { PhoneCache } from "./phone-cache.js";

/**
 * Parses one cell for its target field: the value to store, or the reason it is invalid. The rules are the
 * API's (zod email/url, ISO dates, decimal strings with 2 digits — written with any common thousands separator,
 * see `amount.ts` — phone numbers that libphonenumber accepts).
 */
export type CellResult = { ok: true; value: unknown } | { ok: false; reason: string };

const MAX_CELL = 20_000;
const email = z.email().max(254);
const url = z.url({ protocol: /^https?$/ });
const TAX_ID_KINDS = ["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"] as const;

const ok = (value: unknown): CellResult => ({ ok: true, value });
const bad = (reason: string): CellResult => ({ ok: false, reason });

export type PhoneParsed = ImportedPhone;

/** How a row's cells are read: the region of phone numbers without a country code, the column's date order. */
export interface CellContext {
  region?: CountryCode | undefined;
  monthFirst?: boolean | undefined;
  /** XLSX: a date cell without a date format arrives as its serial number (days since 1899-12-30). */
  serialDates?: boolean | undefined;
  /** An import run's parsed numbers (the same results as without, read once per distinct number). */
  phones?: PhoneCache | undefined;
}

export function parseCell(field: ImportField, raw: string, ctx: CellContext = {}): CellResult {
  const v = raw.trim();
  const max = field.max ?? (field.kind === "longText" ? MAX_CELL : 1000);
  if (v.length > max) return bad(`Longer than ${max} characters (${v.length}).`);
  switch (field.kind) {
    case "text":
    case "longText":
    case "owner":
    case "company":
    case "pipeline":
    case "stage":
    case "link":
      return ok(v);
    case "user":
    case "contact":
    case "email": {
      const lower = v.toLowerCase();
      return email.safeParse(lower).success ? ok(lower) : bad("Not a valid email address.");
    }
    case "phone":
      return readPhone(v, ctx.region, ctx.phones);
    case "url": {
      const withScheme = /^https?:\/\//i.test(v) ? v : `https://${v}`;
      return url.safeParse(withScheme).success ? ok(withScheme) : bad("Not a valid web address.");
    }
    case "date":
      return ctx.serialDates && /^\d{5}$/.test(v)
        ? serialDate(Number(v))
        : parseDate(v, ctx.monthFirst ?? false);
    case "dateTime": {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? bad("Not a valid date and time.") : ok(d.toISOString());
    }
    case "number": {
      const n = Number(v.replace(/\s/g, "").replace(",", "."));
      return Number.isFinite(n) ? ok(n) : bad("Not a number.");
    }
    case "decimal": {
      const amount = parseAmount(v, { allowNegative: field.allowNegative ?? false });
      return amount.ok ? ok(amount.value) : bad(amount.reason);
    }
    case "currency":
      return /^[A-Za-z]{3}$/.test(v) ? ok(v.toUpperCase()) : bad("Use an ISO 4217 code such as RUB.");
    case "boolean": {
      const b = v.toLowerCase();
      if (["1", "true", "yes", "y", "да", "д", "так", "da", "иә"].includes(b)) return ok(true);
      if (["0", "false", "no", "n", "нет", "н", "ne", "не", "жоқ"].includes(b)) return ok(false);
      return bad("Not yes/no.");
    }
    case "tags": {
      const tags = normalizeTagList(v.split(/[,;]/));
      if (tags.some((t) => t.length > 50)) return bad("A tag is longer than 50 characters.");
      return tags.length > 50 ? bad("At most 50 tags.") : ok(tags);
    }
    case "select": {
      const option = findOption(field.options ?? [], v);
      return option !== undefined ? ok(option) : bad(`Not one of: ${(field.options ?? []).join(", ")}.`);
    }
    case "multiSelect": {
      const parts = v
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter(Boolean);
      const options = parts.map((p) => findOption(field.options ?? [], p));
      const unknown = parts.filter((_, i) => options[i] === undefined);
      return unknown.length ? bad(`Unknown options: ${unknown.join(", ")}.`) : ok([...new Set(options)]);
    }
    case "percent": {
      const m = /^(\d{1,3})\s*%?$/.exec(v);
      const n = m ? Number(m[1]) : Number.NaN;
      return n >= 0 && n <= 100 ? ok(n) : bad("Use a whole number from 0 to 100.");
    }
    case "language": {
      const code = v.toLowerCase();
      return /^[a-z]{2}$/.test(code) ? ok(code) : bad("Use an ISO 639-1 code such as ru, en, sr, kk.");
    }
    case "taxId":
      return parseTaxId(v);
    case "country": {
      const code = countryCode(v);
      return code ? ok(code) : bad("Not a country name or ISO code.");
    }
  }
}

/** The option a cell names: exactly, else the one option equal to it ignoring case. */
function findOption(options: readonly string[], v: string): string | undefined {
  if (options.includes(v)) return v;
  const folded = options.filter((o) => o.toLowerCase() === v.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/**
 * The API's phone rule (`normalizePhones`, platform/records/values.ts): libphonenumber-valid in the user's region
 * or with +code; an import run reads each distinct number once (`phones`).
 */
function readPhone(v: string, region: CountryCode | undefined, phones: PhoneCache | undefined): CellResult {
  const phone = phones ? phones.parse(v, region) : parsePhone(v, region);
  if (!phone) return bad(invalidPhoneMessage(region));
  const parsed: PhoneParsed = { raw: v, e164: phone.e164 };
  if (phone.extension) parsed.extension = phone.extension;
  return ok(parsed);
}

/**
 * How a column's `a/b/yyyy`-shaped dates read: `dayFirst` when some first part is above 12, `monthFirst` when
 * some second part is, `ambiguous` when none decides (the user chooses once for the column), null when the
 * cells hold no such dates.
 */
export function dateOrderOf(cells: readonly string[]): "dayFirst" | "monthFirst" | "ambiguous" | null {
  let seen = false;
  let dayFirst = false;
  let monthFirst = false;
  for (const cell of cells) {
    const m = /^(\d{1,2})([./-])(\d{1,2})\2\d{4}$/.exec(cell.trim());
    if (!m) continue;
    seen = true;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[3]) > 12) monthFirst = true;
  }
  if (!seen) return null;
  if (dayFirst === monthFirst) return "ambiguous";
  return dayFirst ? "dayFirst" : "monthFirst";
}

function serialDate(n: number): CellResult {
  const date = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
  const y = date.getUTCFullYear();
  return y >= 1900 && y <= 2200 ? ok(date.toISOString().slice(0, 10)) : bad("Not a valid calendar date.");
}

/**
 * `2020-08-26`, or day, month and year separated by `.`, `/` or `-` (`26.08.2020`, `26/08/2020`,
 * `26-08-2020`) — day first unless the column is month first (`08/26/2020`).
 */
export function parseDate(v: string, monthFirst: boolean): CellResult {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  let y: number;
  let mo: number;
  let d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(v);
    if (!m) return bad("Not a date (use YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY).");
    const [a, b] = [Number(m[1]), Number(m[3])];
    [d, mo, y] = monthFirst ? [b, a, Number(m[4])] : [a, b, Number(m[4])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1800 || y > 2200) {
    return bad(
      !monthFirst && mo > 12 && d <= 12
        ? "Not a valid calendar date (month first? choose the column's date order)."
        : "Not a valid calendar date.",
    );
  }
  return ok(date.toISOString().slice(0, 10));
}

/** `7707083893`, `INN:7707083893`, `ПИБ 100123456`… → `{kind, value}`. */
function parseTaxId(v: string): CellResult {
  const m = /^([A-Za-zА-Яа-я]{2,4})[\s:]+(.+)$/.exec(v);
  const value = (m ? (m[2] ?? "") : v).replace(/[\s-]/g, "");
  const given = m?.[1] ? translitKind(m[1].toUpperCase()) : null;
  if (!/^[0-9A-Za-z]{4,20}$/.test(value)) return bad("Not a valid tax ID.");
  const kind = given ?? guessKind(value);
  const errors: FieldError[] = [];
  const [tax] = normalizeTaxIds([{ kind, value }], errors);
  if (errors.length || !tax) return bad(errors[0]?.message ?? "Not a valid tax ID.");
  return ok({ kind: tax.kind, value: tax.value });
}

const CYR_KINDS: Record<string, string> = {
  ИНН: "INN",
  КПП: "KPP",
  ОГРН: "OGRN",
  ПИБ: "PIB",
  МБ: "MB",
  БИН: "BIN",
  БСН: "BIN",
  ИИН: "IIN",
  ЖСН: "IIN",
};

function translitKind(k: string): string | null {
  const kind = CYR_KINDS[k] ?? k;
  return (TAX_ID_KINDS as readonly string[]).includes(kind) ? kind : null;
}

/** Without a prefix: 9 digits is a Serbian PIB, 10 a Russian INN, 12 a Russian INN or a Kazakh BIN. */
function guessKind(value: string): string {
  if (/^\d{9}$/.test(value)) return "PIB";
  if (/^\d{10}$/.test(value)) return "INN";
  if (/^\d{12}$/.test(value)) return innOk(value) ? "INN" : "BIN";
  return "other";
}

function innOk(value: string): boolean {
  const errors: FieldError[] = [];
  normalizeTaxIds([{ kind: "INN", value }], errors);
  return errors.length === 0;
}
