import { LANGUAGES, toLanguageCode } from "../../i18n/languages";
import type { ColumnSpec, RowBase } from "./types";

interface PhoneValue {
  raw: string;
  e164?: string | null;
}
interface EmailValue {
  value: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The value of a field key on a record: `custom.<key>` reads the `custom` object; the searchable digits
 * columns (`phone`) and derived ones (`city`) map to the structured properties the API returns.
 */
export function fieldValue(row: RowBase, key: string): unknown {
  if (key.startsWith("custom.")) {
    const custom = row.custom;
    return isObject(custom) ? custom[key.slice("custom.".length)] : undefined;
  }
  if (key === "phone") return row.phones;
  if (key === "email") return row.emails ?? row.email;
  if (key === "city") {
    if (isObject(row.address)) return row.address.city ?? null;
    const addresses = Array.isArray(row.addresses) ? row.addresses : [];
    const first = addresses.find(isObject);
    return first ? (first.city ?? null) : null;
  }
  return row[key];
}

/** A record with `value` written at `key` (for optimistic updates). */
export function withValue<T extends RowBase>(row: T, key: string, value: unknown): T {
  if (key.startsWith("custom.")) {
    const custom = isObject(row.custom) ? row.custom : {};
    return { ...row, custom: { ...custom, [key.slice("custom.".length)]: value } };
  }
  return { ...row, [key]: value };
}

/** The PATCH body that sets one field. */
export function patchFor(key: string, value: unknown): Record<string, unknown> {
  if (key.startsWith("custom.")) return { custom: { [key.slice("custom.".length)]: value } };
  return { [key]: value };
}

export function phonesOf(value: unknown): PhoneValue[] {
  if (typeof value === "string" && value) return [{ raw: value }];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is PhoneValue => isObject(v) && typeof v.raw === "string");
}

/**
 * The records a link value names: an id, a list of ids, or the presented memberships (`companies` of a
 * contact: `[{companyId, name, …}]`), with their names when the value carries them.
 */
export function linksOf(value: unknown): Array<{ id: string; name?: string }> {
  const one = (v: unknown): Array<{ id: string; name?: string }> => {
    if (typeof v === "string" && v) return [{ id: v }];
    if (!isObject(v)) return [];
    const id = v.companyId ?? v.contactId ?? v.recordId ?? v.id;
    if (typeof id !== "string") return [];
    const name = typeof v.name === "string" ? v.name : typeof v.title === "string" ? v.title : undefined;
    return [name === undefined ? { id } : { id, name }];
  };
  return Array.isArray(value) ? value.flatMap(one) : one(value);
}

/** The name of a language code in that language (`ru` → Русский, `sr-Latn` → Srpski (latinica)); else the code. */
export function languageName(code: string): string {
  const known = toLanguageCode(code);
  return LANGUAGES.find((l) => l.code === known)?.nativeName ?? code;
}

export function emailsOf(value: unknown): string[] {
  if (typeof value === "string" && value) return [value];
  if (!Array.isArray(value)) return [];
  return value
    .map((v) => (typeof v === "string" ? v : isObject(v) ? (v as Partial<EmailValue>).value : undefined))
    .filter((v): v is string => typeof v === "string" && v.length > 0);
}

export function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string");
}

/** Plain text of a value for search-free display, card lists and CSV-like previews. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)
  );
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : value == null ? "" : String(value);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^https?:\/\/[^\s]+$/i;
const MONEY = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Client-side check before saving an edited value; returns an i18n key of the problem or null. */
export function validateFieldValue(column: ColumnSpec, value: unknown, required = false): string | null {
  const empty =
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  if (empty) return required ? "table.validation.required" : null;
  if (column.type === "email" && !EMAIL.test(text(value).trim())) return "table.validation.email";
  if (column.type === "url" && !URL_RE.test(text(value).trim())) return "table.validation.url";
  if (column.type === "money" && !MONEY.test(text(value))) return "table.validation.money";
  if (column.type === "number" && !Number.isFinite(Number(value))) return "table.validation.number";
  return null;
}
