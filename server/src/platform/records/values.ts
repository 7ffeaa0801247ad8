import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { FieldError } from "../errors.js";

/** How phones, emails, tax ids and addresses are stored on records (jsonb arrays). */
export interface PhoneValue {
  kind: string;
  raw: string;
  /** E.164 when the number could be parsed, else null (kept as typed). */
  e164: string | null;
  /** The extension dialled after the number (`x51924`, `доб. 123`), apart from `e164`. */
  extension?: string;
}
export interface EmailValue {
  kind: string;
  value: string;
}
export interface TaxIdValue {
  country: string | null;
  kind: string;
  value: string;
}
export interface AddressValue {
  kind: string;
  country?: string | null;
  region?: string | null;
  city?: string | null;
  street?: string | null;
  building?: string | null;
  postalCode?: string | null;
  note?: string | null;
}

/**
 * Normalization and checks of contact values shared by every record type (companies, contacts, activities,
 * import, merge). Each function returns the
 * normalized value or pushes per-field errors (`phones[1].raw`), so one request reports every bad value.
 */

const LANGUAGE_REGION: Record<string, CountryCode> = { ru: "RU", sr: "RS", "sr-Latn": "RS", kk: "KZ" };

/** The region a number without +country code is read in: the record's country, else the user's language. */
export function defaultRegion(country: string | null | undefined, language: string | null | undefined) {
  if (country && /^[A-Z]{2}$/.test(country)) return country as CountryCode;
  return language ? LANGUAGE_REGION[language] : undefined;
}

/**
 * One phone number as people write it, read in `region` when it has no country code: separators of any kind,
 * an extension (`x51924`, `ext. 12`, `доб. 123`), the international prefix `00…` (and the region's own, such
 * as `011` in the US). A number of a possible length for its country is kept in E.164 (files are full of
 * numbers no carrier has issued yet); anything else is null.
 */
export function parsePhone(
  raw: string,
  region: CountryCode | undefined,
): { e164: string; extension: string | null } | null {
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  const parsed = parsePhoneNumberFromString(text, region);
  // isPossible() (lengths) first: the cheap check decides nearly every number; isValid() (type patterns) only
  // for the rest (same result either way).
  if (!parsed || !(parsed.isPossible() || parsed.isValid())) return null;
  return { e164: parsed.number, extension: parsed.ext ?? null };
}

/** Why `parsePhone` found no number (without a region, only numbers with their +country code parse). */
export const invalidPhoneMessage = (region: CountryCode | undefined) =>
  region
    ? "Not a valid phone number."
    : "Not a valid phone number (use the international format, +country code).";

export function normalizePhones(
  input: Array<{ kind: string; raw: string }>,
  region: CountryCode | undefined,
  errors: FieldError[],
  path = "phones",
): PhoneValue[] {
  return input.map((p, i) => {
    const parsed = parsePhone(p.raw, region);
    if (!parsed) {
      errors.push({
        field: `${path}[${i}].raw`,
        message: invalidPhoneMessage(region),
        code: "invalid_phone",
      });
      return { kind: p.kind, raw: p.raw, e164: null };
    }
    const phone: PhoneValue = { kind: p.kind, raw: p.raw.trim(), e164: parsed.e164 };
    if (parsed.extension) phone.extension = parsed.extension;
    return phone;
  });
}

const withoutExtension = (raw: string) => raw.replace(/\s*(?:x|ext\.?|доб\.?|#)\s*\d+\s*$/i, "");

/** Columns that make phones searchable: exact E.164 values and all digits for fragment search. */
export function phoneSearchColumns(phones: PhoneValue[]) {
  // Loops over the (one or two) phones rather than flatMap/Set copies: an import builds this for every row.
  const e164: string[] = [];
  const digits: string[] = [];
  for (const p of phones) {
    if (p.e164) {
      addDistinct(e164, p.e164);
      addDistinct(digits, p.e164.replace(/\D/g, ""));
    }
    addDistinct(digits, (p.extension ? withoutExtension(p.raw) : p.raw).replace(/\D/g, ""));
  }
  return { phone_e164: e164, phone_digits: digits.join(" ") };
}

function addDistinct(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value);
}

export function normalizeEmails(input: Array<{ kind: string; value: string }>): EmailValue[] {
  return input.map((e) => ({ kind: e.kind, value: e.value.trim().toLowerCase() }));
}

export function emailValues(emails: EmailValue[]): string[] {
  return [...new Set(emails.map((e) => e.value.toLowerCase()))];
}

const digits = (s: string) => [...s].map(Number);

function innValid(v: string): boolean {
  const d = digits(v);
  const check = (w: number[]) => (w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10;
  if (/^\d{10}$/.test(v)) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  if (/^\d{12}$/.test(v)) {
    return (
      check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
    );
  }
  return false;
}

function ogrnValid(v: string): boolean {
  if (/^\d{13}$/.test(v)) return Number((BigInt(v.slice(0, 12)) % 11n) % 10n) === Number(v[12]);
  if (/^\d{15}$/.test(v)) return Number((BigInt(v.slice(0, 14)) % 13n) % 10n) === Number(v[14]);
  return false;
}

/** Serbian PIB: 9 digits, ISO 7064 MOD 11,10 check digit. */
function pibValid(v: string): boolean {
  if (!/^\d{9}$/.test(v)) return false;
  let k = 10;
  for (const x of digits(v.slice(0, 8))) {
    k = (k + x) % 10;
    if (k === 0) k = 10;
    k = (2 * k) % 11;
  }
  return (11 - k) % 10 === Number(v[8]);
}

/** Kazakh BIN/IIN: 12 digits, two-pass weighted mod 11 check digit. */
function binValid(v: string): boolean {
  if (!/^\d{12}$/.test(v)) return false;
  const d = digits(v);
  let s = d.slice(0, 11).reduce((a, x, i) => a + x * (i + 1), 0) % 11;
  if (s === 10) {
    const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    s = d.slice(0, 11).reduce((a, x, i) => a + x * w[i]!, 0) % 11;
    if (s === 10) return false;
  }
  return s === d[11];
}

const TAX_RULES: Record<string, { test: (v: string) => boolean; message: string }> = {
  INN: { test: innValid, message: "An INN has 10 or 12 digits with valid check digits." },
  KPP: {
    test: (v) => /^\d{4}[\dA-Z]{2}\d{3}$/.test(v),
    message: "A KPP has 9 characters (4 digits, 2 digits or letters, 3 digits).",
  },
  OGRN: { test: ogrnValid, message: "An OGRN has 13 (or 15 for OGRNIP) digits with a valid check digit." },
  PIB: { test: pibValid, message: "A PIB has 9 digits with a valid check digit." },
  MB: { test: (v) => /^\d{8}$/.test(v), message: "A matični broj has 8 digits." },
  BIN: { test: binValid, message: "A BIN has 12 digits with a valid check digit." },
  IIN: { test: binValid, message: "An IIN has 12 digits with a valid check digit." },
  VAT: { test: (v) => /^[A-Z0-9]{4,16}$/.test(v), message: "A VAT number has 4–16 letters or digits." },
};

export function normalizeTaxIds(
  input: Array<{ country?: string | null | undefined; kind: string; value: string }>,
  errors: FieldError[],
): TaxIdValue[] {
  return input.map((t, i) => {
    const value = t.value.replace(/[\s-]/g, "").toUpperCase();
    const rule = TAX_RULES[t.kind];
    if (rule && !rule.test(value)) {
      errors.push({ field: `taxIds[${i}].value`, message: rule.message, code: "invalid_tax_id" });
    }
    return { country: t.country ?? null, kind: t.kind, value };
  });
}

export function taxIdValues(taxIds: TaxIdValue[]): string[] {
  return [...new Set(taxIds.map((t) => `${t.kind}:${t.value}`))];
}

/**
 * Column values with the jsonb ones as JSON text, for single-row Kysely writes (pg would send a JS array as a
 * PostgreSQL array, not as JSON).
 */
export function withJsonText(
  values: Record<string, unknown>,
  jsonColumns: readonly string[],
): Record<string, unknown> {
  const out = { ...values };
  for (const c of jsonColumns) if (out[c] != null) out[c] = JSON.stringify(out[c]);
  return out;
}
