import type { PhoneValue } from "../../platform/records/values.js";
import { phoneSearchColumns } from "../../platform/records/values.js";
import type { ImportEntity } from "./fields.js";
import type { RefResolver } from "./refs.js";
import type { PhoneParsed } from "./validate.js";

/**
 * Turns a row's parsed values (by import key) into the entity's column values, including the denormalized
 * search columns the services maintain (`phone_e164`, `phone_digits`, `email_values`, `tax_id_values`).
 * `set` holds only the columns the row fills — what an update writes; `defaults` completes a new record.
 */
export interface BuiltRow {
  set: Record<string, unknown>;
  custom: Record<string, unknown>;
  /** Normalized values that identify a duplicate, for the chosen match key. */
  matchKeys: string[];
}

export type Values = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export function build(
  entity: ImportEntity,
  values: Values,
  refs: RefResolver,
  matchKey: string,
): BuiltRow | { error: string; field: string } {
  const set: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("custom.") && v !== "" && v !== undefined) custom[k.slice(7)] = v;
  }
  const put = (column: string, v: unknown) => {
    if (v !== undefined && v !== "") set[column] = v;
  };
  const phones = (["phone", "phone2"] as const)
    .map((k) => values[k] as PhoneParsed | undefined)
    .filter(Boolean);
  if (phones.length) {
    const list = phones as PhoneParsed[];
    set.phones = list.map((p, i) => ({ kind: i === 0 ? "work" : "mobile", raw: p.raw, e164: p.e164 }));
    Object.assign(set, phoneSearchColumns(set.phones as PhoneValue[]));
  }
  const emails = [values.email, values.email2].filter((e): e is string => typeof e === "string" && e !== "");
  if (emails.length && entity !== "deals") {
    set.emails = emails.map((value, i) => ({ kind: i === 0 ? "work" : "other", value }));
    set.email_values = [...new Set(emails)];
  }
  if (Array.isArray(values.tags) && values.tags.length) set.tags = values.tags;
  put("source", text(values.source));
  if (typeof values.owner === "string" && values.owner) {
    const owner = refs.owner(values.owner);
    if (!owner) return { field: "owner", error: `No user "${values.owner}" you may assign records to.` };
    set.owner_id = owner;
  }

  if (entity === "contacts") {
    let [first, middle, last] = [text(values.firstName), text(values.middleName), text(values.lastName)];
    const full = text(values.name);
    if (!first && !last && full) [first, middle, last] = splitFullName(full);
    put("first_name", first);
    put("last_name", last);
    put("middle_name", middle);
    // The API's display name: "First Middle Last".
    put("name", [first, middle, last].filter(Boolean).join(" ") || undefined);
    put("position", text(values.position));
    put("birthday", text(values.birthday));
    put("notes", text(values.notes));
    put("city", text(values.city));
    if (text(values.address) || text(values.city)) {
      set.address = { kind: "home", street: text(values.address) ?? null, city: text(values.city) ?? null };
    }
    const messengers = (["telegram", "whatsapp"] as const).flatMap((kind) => {
      const handle = text(values[kind]);
      return handle ? [{ kind, handle }] : [];
    });
    if (messengers.length) set.messengers = messengers;
    put("preferred_channel", text(values.preferredChannel));
    put("language", text(values.language));
    // Consent from a file: granted or refused now, with the import as its origin (merged into the stored
    // consent of an updated contact, see `consent.ts`).
    const consent: Record<string, { granted: boolean; at: string; origin: string }> = {};
    for (const kind of ["emailMarketing", "smsMarketing"] as const) {
      const granted = values[kind];
      if (typeof granted === "boolean")
        consent[kind] = { granted, at: new Date().toISOString(), origin: "import" };
    }
    if (Object.keys(consent).length) set.consent = consent;
  } else if (entity === "companies") {
    put("name", text(values.name));
    put("legal_name", text(values.legalName));
    put("industry", text(values.industry));
    put("website", text(values.website));
    put("city", text(values.city));
    if (Array.isArray(values.types) && values.types.length) set.types = values.types;
    put("size", text(values.size));
    put("rating", text(values.rating));
    if (typeof values.parentCompany === "string" && values.parentCompany) {
      const id = refs.company(values.parentCompany);
      if (!id) return { field: "parentCompany", error: `No company named "${values.parentCompany}".` };
      set.parent_company_id = id;
    }
    const tax = values.taxId as { kind: string; value: string } | undefined;
    if (tax) {
      set.tax_ids = [{ country: null, kind: tax.kind, value: tax.value }];
      set.tax_id_values = [`${tax.kind}:${tax.value}`];
    }
    if (text(values.address) || text(values.city)) {
      set.addresses = [
        { kind: "legal", street: text(values.address) ?? null, city: text(values.city) ?? null },
      ];
    }
  } else {
    put("title", text(values.title));
    put("expected_close_date", text(values.expectedCloseDate));
    if (text(values.amount)) {
      put("amount", values.amount);
      put("currency", text(values.currency));
      if (!set.currency) return { field: "currency", error: "A currency is required with an amount." };
    }
    const stage = refs.pipelineStage(text(values.pipeline), text(values.stage));
    if ("error" in stage) return stage;
    set.pipeline_id = stage.pipelineId;
    set.stage_id = stage.stageId;
    set.probability = typeof values.probability === "number" ? values.probability : stage.probability;
    if (typeof values.probability === "number") set.probability_manual = true;
    if (stage.kind !== "open") set.closed_at = new Date().toISOString();
    if (stage.kind === "lost") {
      put("lost_reason", text(values.lostReason));
      if (!set.lost_reason) return { field: "lostReason", error: "Give a reason for a lost deal." };
    }
    if (typeof values.contact === "string" && values.contact) {
      const id = refs.contact(values.contact);
      if (!id) return { field: "contact", error: `No contact with the email "${values.contact}".` };
      set.contact_id = id;
    }
  }
  if (typeof values.company === "string" && values.company) {
    const id = refs.company(values.company);
    if (!id) return { field: "company", error: `No company named "${values.company}".` };
    set[entity === "deals" ? "company_id" : "_company_id"] = id;
  }

  const required = entity === "deals" ? "title" : "name";
  if (!set[required]) {
    return { field: required, error: entity === "contacts" ? "Give a first or a last name." : "Required." };
  }
  return { set, custom, matchKeys: matchKeys(entity, set, matchKey) };
}

/** "Ivan Petrov" → first + last; "Ivan Ivanovich Petrov" → first + middle + last; one word → first. */
function splitFullName(full: string): [string | undefined, string | undefined, string | undefined] {
  const words = full.split(/\s+/).filter(Boolean);
  if (words.length === 1) return [words[0], undefined, undefined];
  if (words.length === 2) return [words[0], undefined, words[1]];
  return [words[0], words.slice(1, -1).join(" "), words.at(-1)];
}

function matchKeys(entity: ImportEntity, set: Record<string, unknown>, key: string): string[] {
  if (key === "email") return (set.email_values as string[] | undefined) ?? [];
  if (key === "phone") return (set.phone_e164 as string[] | undefined) ?? [];
  if (key === "taxId") return (set.tax_id_values as string[] | undefined) ?? [];
  const name = set[entity === "deals" ? "title" : "name"];
  return typeof name === "string" ? [name.trim().toLowerCase().replace(/\s+/g, " ")] : [];
}

/** Column values of a new record that its row did not fill (NOT NULL columns with defaults). */
export const CREATE_DEFAULTS: Record<ImportEntity, Record<string, unknown>> = {
  contacts: {
    phones: [],
    phone_e164: [],
    phone_digits: "",
    emails: [],
    email_values: [],
    tags: [],
    messengers: [],
    consent: {},
  },
  companies: {
    phones: [],
    phone_e164: [],
    phone_digits: "",
    emails: [],
    email_values: [],
    tags: [],
    tax_ids: [],
    tax_id_values: [],
    addresses: [],
    types: [],
  },
  deals: { tags: [], probability_manual: false },
};

/**
 * Columns an update may not change: a deal's stage moves through its own API with history, and its probability
 * follows the stage unless set by hand — an imported probability applies to new deals only.
 */
export const NOT_UPDATED: Record<ImportEntity, string[]> = {
  contacts: [],
  companies: [],
  deals: ["pipeline_id", "stage_id", "probability", "probability_manual", "closed_at"],
};
