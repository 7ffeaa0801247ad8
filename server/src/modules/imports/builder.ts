import type { FieldError } from "../../platform/errors.js";
import type { PhoneValue } from "../../platform/records/values.js";
import { companyColumns } from "../companies/module.js";
import { type ContactValues, contactColumns, splitFullName } from "../contacts/module.js";
import { lostReasonError, stageColumns } from "../deals/module.js";
import { declaredImport } from "./declared.js";
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
  /** A contact's values in the API's shape, to derive its columns again against the stored record (updates). */
  input?: ContactValues;
}

export type Values = Record<string, unknown>;

/** The phone columns an import fills, in the order the record lists them, with the kind each one gets. */
const PHONE_KINDS = [
  ["phone", "work"],
  ["phone2", "other"],
  ["mobile", "mobile"],
] as const;

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export function build(
  entity: ImportEntity,
  values: Values,
  refs: RefResolver,
  matchKey: string,
  now: Date = new Date(),
): BuiltRow | { error: string; field: string } {
  const set: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("custom.") && v !== "" && v !== undefined) custom[k.slice(7)] = v;
  }
  const put = (column: string, v: unknown) => {
    if (v !== undefined && v !== "") set[column] = v;
  };
  const parsedPhones = PHONE_KINDS.flatMap(([key, kind]) => {
    const p = values[key] as PhoneParsed | undefined;
    return p ? [{ kind, p }] : [];
  });
  const phones: PhoneValue[] | undefined = parsedPhones.length
    ? parsedPhones.map(({ kind, p }) => ({
        kind,
        raw: p.raw,
        e164: p.e164,
        ...(p.extension ? { extension: p.extension } : {}),
      }))
    : undefined;
  const emailList = [values.email, values.email2].filter(
    (e): e is string => typeof e === "string" && e !== "",
  );
  const emails = emailList.length
    ? emailList.map((value, i) => ({ kind: i === 0 ? "work" : "other", value }))
    : undefined;
  const tags = Array.isArray(values.tags) && values.tags.length ? (values.tags as string[]) : undefined;
  const source = text(values.source);
  if (typeof values.owner === "string" && values.owner) {
    const owner = refs.owner(values.owner);
    if (!owner) return { field: "owner", error: `No user "${values.owner}" you may assign records to.` };
    set.owner_id = owner;
  }
  let input: ContactValues | undefined;

  const declared = declaredImport(entity);
  if (declared) {
    if (tags) set.tags = tags;
    const b = declared.build(values);
    if ("error" in b) return b;
    Object.assign(set, b.set);
    return { set, custom, matchKeys: matchKeys(entity, set, matchKey) };
  }
  if (entity === "contacts") {
    input = contactInput(values, { phones, emails, tags, source });
    const errors: FieldError[] = [];
    Object.assign(set, contactColumns(input, { consentOrigin: "import", now }, errors));
    if (errors.length) return { field: "name", error: "Give a first or a last name." };
  } else if (entity === "companies") {
    let parentCompanyId: string | undefined;
    if (typeof values.parentCompany === "string" && values.parentCompany) {
      const id = refs.company(values.parentCompany);
      if (!id) return { field: "parentCompany", error: `No company named "${values.parentCompany}".` };
      parentCompanyId = id;
    }
    const tax = values.taxId as { kind: string; value: string } | undefined;
    const street = text(values.address);
    const city = text(values.city);
    const country = text(values.country);
    const errors: FieldError[] = [];
    const columns = companyColumns(
      {
        name: text(values.name),
        legalName: text(values.legalName),
        industry: text(values.industry),
        website: text(values.website),
        types: Array.isArray(values.types) && values.types.length ? (values.types as string[]) : undefined,
        size: text(values.size),
        rating: text(values.rating),
        parentCompanyId,
        source,
        externalId: text(values.externalId),
        tags,
        phones,
        emails,
        taxIds: tax ? [{ country: null, kind: tax.kind, value: tax.value }] : undefined,
        addresses:
          street || city || country
            ? [{ kind: "legal", street: street ?? null, city: city ?? null, country: country ?? null }]
            : undefined,
      },
      errors,
    );
    if (errors[0]) return { field: "taxId", error: errors[0].message };
    Object.assign(set, columns);
  } else {
    if (tags) set.tags = tags;
    put("source", source);
    put("external_id", text(values.externalId));
    put("title", text(values.title));
    put("expected_close_date", text(values.expectedCloseDate));
    if (text(values.amount)) {
      put("amount", values.amount);
      put("currency", text(values.currency));
      if (!set.currency) return { field: "currency", error: "A currency is required with an amount." };
    }
    const stage = refs.pipelineStage(text(values.pipeline), text(values.stage));
    if ("error" in stage) return stage;
    const probability = typeof values.probability === "number" ? values.probability : undefined;
    const lostReason = text(values.lostReason);
    const lost = lostReasonError(stage.kind, lostReason);
    if (lost) return { field: lost.field, error: lost.message };
    Object.assign(set, stageColumns({ ...stage, id: stage.stageId }, { probability, lostReason }, now));
    if (set.lost_reason === null) delete set.lost_reason;
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
  if (!set[required]) return { field: required, error: "Required." };
  return { set, custom, matchKeys: matchKeys(entity, set, matchKey), ...(input ? { input } : {}) };
}

/**
 * A contact row of the file in the API's shape (a full name alone is split into its parts). Runs for every
 * row: plain assignments, no spreads or array helpers (they showed up in import profiles).
 */
function contactInput(
  values: Values,
  shared: Pick<ContactValues, "phones" | "emails" | "tags" | "source">,
): ContactValues {
  let first = text(values.firstName);
  let middle = text(values.middleName);
  let last = text(values.lastName);
  const full = text(values.name);
  if (!first && !last && full) [first, middle, last] = splitFullName(full);
  const input: ContactValues = {
    phones: shared.phones,
    emails: shared.emails,
    tags: shared.tags,
    source: shared.source,
    externalId: text(values.externalId),
    firstName: first,
    middleName: middle,
    lastName: last,
    position: text(values.position),
    birthday: text(values.birthday),
    notes: text(values.notes),
    preferredChannel: text(values.preferredChannel),
    language: text(values.language),
  };
  const address = {
    street: text(values.address) ?? null,
    city: text(values.city) ?? null,
    region: text(values.region) ?? null,
    postalCode: text(values.postalCode) ?? null,
    country: text(values.country) ?? null,
  };
  if (Object.values(address).some(Boolean)) input.address = { kind: "home", ...address };
  const telegram = text(values.telegram);
  const whatsapp = text(values.whatsapp);
  if (telegram || whatsapp) {
    input.messengers = [];
    if (telegram) input.messengers.push({ kind: "telegram", handle: telegram });
    if (whatsapp) input.messengers.push({ kind: "whatsapp", handle: whatsapp });
  }
  // Consent from a file: granted or refused now, with the import as its origin.
  const email = values.emailMarketing;
  const sms = values.smsMarketing;
  if (typeof email === "boolean" || typeof sms === "boolean") {
    input.consent = {};
    if (typeof email === "boolean") input.consent.emailMarketing = { granted: email };
    if (typeof sms === "boolean") input.consent.smsMarketing = { granted: sms };
  }
  return input;
}

function matchKeys(entity: ImportEntity, set: Record<string, unknown>, key: string): string[] {
  if (key === "email") return (set.email_values as string[] | undefined) ?? [];
  if (key === "phone") return (set.phone_e164 as string[] | undefined) ?? [];
  if (key === "taxId") return (set.tax_id_values as string[] | undefined) ?? [];
  if (key === "externalId") return typeof set.external_id === "string" ? [set.external_id] : [];
  const name = set[nameColumn(entity)];
  return typeof name === "string" ? [name.trim().toLowerCase().replace(/\s+/g, " ")] : [];
}

/** The column the `name` match key compares. */
export const nameColumn = (entity: ImportEntity): string =>
  declaredImport(entity)?.nameColumn ?? (entity === "deals" ? "title" : "name");

/** Column values of a new record that its row did not fill (NOT NULL columns with defaults). */
export const createDefaults = (entity: ImportEntity): Record<string, unknown> =>
  declaredImport(entity)?.createDefaults ?? CREATE_DEFAULTS[entity] ?? {};

/** Columns an update may not change. */
export const notUpdated = (entity: ImportEntity): readonly string[] =>
  declaredImport(entity)?.notUpdated ?? NOT_UPDATED[entity] ?? [];

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
const NOT_UPDATED: Record<ImportEntity, string[]> = {
  contacts: [],
  companies: [],
  deals: ["pipeline_id", "stage_id", "probability", "probability_manual", "closed_at"],
};
