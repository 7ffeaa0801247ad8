import type { Kysely, Transaction } from "kysely";
import { type Actor, fieldAccess } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { lookupKey, needsLookup } from "./lookups.js";

/**
 * The columns an export can contain: the entity's field metadata (standard + custom) plus the structured
 * values in a readable form (all emails, phones, tax IDs, addresses, messengers, consent flags). A column the actor's role hides is never
 * exported, whether or not it was asked for.
 */
export interface ExportColumn {
  key: string;
  label: string;
  value(row: Record<string, unknown>): string;
  /** The XLSX cell: numbers and money as numbers, dates as dates; absent = the text of `value`. */
  cell?(row: Record<string, unknown>): number | Date | null | undefined;
  /** A `user`/`link` field read by name (`lookups.ts` prepares the page). */
  lookup?: FieldMeta;
}

type Item = Record<string, unknown>;
const list = (v: unknown, pick: (i: Item) => unknown) =>
  Array.isArray(v)
    ? v
        .map((i) => String(pick(i as Item) ?? ""))
        .filter(Boolean)
        .join("; ")
    : "";

/** "street building, city, region, postal code, country" of a stored address; empty parts are left out. */
const formatAddress = (a: unknown): string => {
  if (!a || typeof a !== "object") return "";
  const x = a as Item;
  const street = [x.street, x.building].filter((p) => typeof p === "string" && p).join(" ");
  return [street, x.city, x.region, x.postalCode, x.country]
    .filter((p) => typeof p === "string" && p)
    .join(", ");
};
/** A consent flag as the import reads it back: true (granted), false (refused), empty (never asked). */
const consentFlag = (kind: string) => (r: Item) => {
  const g = (r.consent as Record<string, { granted?: unknown }> | null)?.[kind]?.granted;
  return typeof g === "boolean" ? String(g) : "";
};

const EXTRAS: Record<string, { key: string; label: string; ruleKey: string; value(r: Item): string }[]> = {
  contacts: [
    { key: "emails", label: "Emails", ruleKey: "emails", value: (r) => list(r.emails, (i) => i.value) },
    { key: "phones", label: "Phones", ruleKey: "phones", value: (r) => list(r.phones, (i) => i.raw) },
    {
      key: "messengers",
      label: "Messengers",
      ruleKey: "messengers",
      value: (r) => list(r.messengers, (i) => `${i.kind}: ${i.handle}`),
    },
    { key: "address", label: "Address", ruleKey: "address", value: (r) => formatAddress(r.address) },
    {
      key: "emailMarketing",
      label: "Email marketing consent",
      ruleKey: "consent",
      value: consentFlag("emailMarketing"),
    },
    {
      key: "smsMarketing",
      label: "SMS marketing consent",
      ruleKey: "consent",
      value: consentFlag("smsMarketing"),
    },
    {
      key: "notes",
      label: "Notes",
      ruleKey: "notes",
      value: (r) => (typeof r.notes === "string" ? r.notes : ""),
    },
  ],
  tasks: [
    {
      key: "links",
      label: "Linked records",
      ruleKey: "links",
      // Set by the export's task pages (`task-links.ts`): readable linked records by name.
      value: (r) => (typeof r._links === "string" ? r._links : ""),
    },
  ],
  companies: [
    { key: "emails", label: "Emails", ruleKey: "emails", value: (r) => list(r.emails, (i) => i.value) },
    { key: "phones", label: "Phones", ruleKey: "phones", value: (r) => list(r.phones, (i) => i.raw) },
    {
      key: "taxIds",
      label: "Tax IDs",
      ruleKey: "taxIds",
      value: (r) => list(r.tax_ids, (i) => `${i.kind}:${i.value}`),
    },
    {
      key: "addresses",
      label: "Addresses",
      ruleKey: "addresses",
      value: (r) => list(r.addresses, (i) => formatAddress(i)),
    },
  ],
};

export function formatValue(field: FieldMeta, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => String(x)).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  if (field.type === "boolean") return v ? "true" : "false";
  return String(v);
}

/** "firstName" → "First name": the label of a field its metadata does not name. */
const humanize = (key: string) => {
  const words = key
    .replace(/^custom\./, "")
    .replace(/(.)Id$/, "$1")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The raw XLSX cell of a number, money, date or date-time field (null: empty, undefined: use the text). */
function typedCell(f: FieldMeta, v: unknown): number | Date | null | undefined {
  if (v === null || v === undefined || v === "") return null;
  if (f.type === "number" || f.type === "money") {
    const n = typeof v === "number" ? v : Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (f.type === "dateTime") return v instanceof Date ? v : undefined;
  if (f.type === "date") {
    if (v instanceof Date) return v;
    // A calendar date: midnight UTC, which spreadsheets show as that day.
    return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : undefined;
  }
  return undefined;
}

export interface HeaderChoice {
  /** "labels" (default): the column labels, `labels[key]` first (the caller's language); "keys": field keys. */
  header?: "labels" | "keys" | undefined;
  labels?: Record<string, string> | undefined;
}

/** Readable export columns, in the requested order (unknown and hidden keys are dropped). */
export async function exportColumns(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: string,
  requested?: string[],
  headers: HeaderChoice = {},
): Promise<{ columns: ExportColumn[]; fields: FieldMeta[] }> {
  const fields = await fieldsFor(db, entity);
  const readable = (key: string) => fieldAccess(actor, entity, key) !== "hidden";
  const all: ExportColumn[] = [];
  const extras = EXTRAS[entity] ?? [];
  for (const f of fields) {
    // The digits-only search column is replaced by the readable phone list below, and structured values that
    // are also list fields (messengers, tax IDs) by their readable form.
    if (f.column === "phone_digits" || !readable(f.key)) continue;
    if (extras.some((x) => x.key === f.key)) continue;
    const raw = (r: Item) => (f.custom ? (r.custom as Item | null)?.[f.column] : r[f.column]);
    // Ids (users, linked records — also a filter-only link list such as a contact's companies) go by name.
    if (needsLookup(f)) {
      all.push({
        key: f.key,
        label: f.label ?? humanize(f.key),
        value: (r) => String(r[lookupKey(f)] ?? ""),
        lookup: f,
      });
      continue;
    }
    if (f.filterOnly) continue;
    if (f.expression && !f.custom) continue; // a computed filter value, not a stored column
    all.push({
      key: f.key,
      label: f.label ?? humanize(f.key),
      value: (r) => formatValue(f, raw(r)),
      cell: (r) => typedCell(f, raw(r)),
    });
  }
  for (const x of extras) {
    if (readable(x.key) && readable(x.ruleKey)) all.push({ key: x.key, label: x.label, value: x.value });
  }
  const byKey = new Map(all.map((c) => [c.key, c]));
  // A field shown by the list but exported in its readable form (the `phone` digits column → the phones).
  const resolve = (k: string): ExportColumn[] => {
    const direct = byKey.get(k);
    if (direct) return [direct];
    const f = fields.find((x) => x.key === k);
    const alias = f?.derivesFrom?.length === 1 ? byKey.get(f.derivesFrom[0] ?? "") : undefined;
    return alias && readable(k) ? [{ ...alias, key: k }] : [];
  };
  const chosen = requested?.length ? [...new Set(requested)].flatMap(resolve) : all;
  const columns = chosen.map((c) => ({
    ...c,
    label: headers.header === "keys" ? c.key : headers.labels?.[c.key]?.trim() || c.label,
  }));
  return { columns, fields };
}
