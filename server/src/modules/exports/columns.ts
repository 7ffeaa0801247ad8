import type { Kysely, Transaction } from "kysely";
import { type Actor, fieldAccess } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";

/**
 * The columns an export can contain: the entity's field metadata (standard + custom) plus the structured
 * values in a readable form (all emails, phones, tax IDs, addresses, messengers, consent flags). A column the actor's role hides is never
 * exported, whether or not it was asked for.
 */
export interface ExportColumn {
  key: string;
  label: string;
  value(row: Record<string, unknown>): string;
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

/** Readable export columns, in the requested order (unknown and hidden keys are dropped). */
export async function exportColumns(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: string,
  requested?: string[],
): Promise<{ columns: ExportColumn[]; fields: FieldMeta[] }> {
  const fields = await fieldsFor(db, entity);
  const readable = (key: string) => fieldAccess(actor, entity, key) !== "hidden";
  const all: ExportColumn[] = [];
  const extras = EXTRAS[entity] ?? [];
  for (const f of fields) {
    // The digits-only search column is replaced by the readable phone list below, and structured values that
    // are also list fields (messengers, tax IDs) by their readable form.
    if (f.column === "phone_digits" || f.filterOnly || !readable(f.key)) continue;
    if (extras.some((x) => x.key === f.key)) continue;
    all.push({
      key: f.key,
      label: f.label ?? f.key,
      value: f.custom
        ? (r) => formatValue(f, (r.custom as Item | null)?.[f.column])
        : (r) => formatValue(f, r[f.column]),
    });
  }
  for (const x of extras) {
    if (readable(x.key) && readable(x.ruleKey)) all.push({ key: x.key, label: x.label, value: x.value });
  }
  if (!requested?.length) return { columns: all, fields };
  const byKey = new Map(all.map((c) => [c.key, c]));
  return { columns: requested.flatMap((k) => byKey.get(k) ?? []), fields };
}
