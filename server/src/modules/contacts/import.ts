import type { FieldError } from "../../platform/errors.js";
import type { EntityImport, ImportBuild, ImportRowContext } from "../../platform/records/import-spec.js";
import {
  importedEmails,
  importedPhones,
  importedTags,
  importedText as text,
} from "../../platform/records/import-values.js";
import { type ContactValues, contactColumns, splitFullName } from "./columns.js";
import { findContactsByEmail, linkImportedContacts, storedNameAndConsent } from "./import-lookup.js";
import { CONTACT_IMPORT_TARGETS } from "./import-targets.js";

/**
 * Contacts from a file, through the API's `contactColumns` (name, city, phone and email search columns,
 * consent with origin `import`); an updated contact's name and consent are derived again against the stored
 * contact like PATCH does (`beforeUpdate`, one query per batch). A Company column links the contact (and, with
 * `missingCompanies: create`, creates the companies it names and none answers); other files name a contact by
 * email.
 */
export const contactImport: EntityImport = {
  targets: CONTACT_IMPORT_TARGETS,
  required: [],
  nameColumn: "name",
  matchKeys: ["email", "phone", "name", "externalId"],
  build(values, ctx: ImportRowContext): ImportBuild {
    const given = contactInput(values);
    const errors: FieldError[] = [];
    const set = contactColumns(given, { consentOrigin: "import", now: ctx.now }, errors);
    if (errors.length) return { field: "name", error: "Give a first or a last name." };
    if (typeof values.company === "string" && values.company) {
      const id = ctx.ref("company", values.company);
      if (!id) return { field: "company", error: `No company named "${values.company}".` };
      set._company_id = id;
    }
    return { set, given };
  },
  createDefaults: {
    phones: [],
    phone_e164: [],
    phone_digits: "",
    emails: [],
    email_values: [],
    tags: [],
    messengers: [],
    consent: {},
  },
  writable: [
    "first_name",
    "last_name",
    "middle_name",
    "name",
    "position",
    "phones",
    "phone_e164",
    "phone_digits",
    "emails",
    "email_values",
    "birthday",
    "notes",
    "city",
    "address",
    "source",
    "external_id",
    "tags",
    "owner_id",
    "custom",
  ],
  unique: [{ key: "externalId", column: "external_id", label: "external ID" }],
  deferSearch: true,
  lookup: { find: findContactsByEmail },
  // Like PATCH: the name from the given and the stored parts, consent merged (a flag the file leaves out stays,
  // an unchanged flag keeps when and where it was given).
  async beforeUpdate(db, rows, now) {
    const derived = rows.filter((u) => u.given);
    if (derived.length === 0) return new Map();
    const stored = await storedNameAndConsent(
      db,
      derived.map((u) => u.id),
    );
    for (const u of derived) {
      const { firstName, middleName, lastName, consent } = u.given as ContactValues;
      const again = contactColumns(
        { firstName, middleName, lastName, consent },
        { current: stored.get(u.id), consentOrigin: "import", now },
        [],
      );
      for (const column of ["name", "consent"])
        if (again[column] !== undefined) u.set[column] = again[column];
    }
    return new Map();
  },
  afterInsert: (trx, rows) => linkImportedContacts(trx, rows),
};

/**
 * A contact row of the file in the API's shape (a full name alone is split into its parts). Runs for every
 * row: plain assignments, no spreads or array helpers (they showed up in import profiles).
 */
function contactInput(values: Record<string, unknown>): ContactValues {
  let first = text(values.firstName);
  let middle = text(values.middleName);
  let last = text(values.lastName);
  const full = text(values.name);
  if (!first && !last && full) [first, middle, last] = splitFullName(full);
  const input: ContactValues = {
    phones: importedPhones(values),
    emails: importedEmails(values),
    tags: importedTags(values),
    source: text(values.source),
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
  const street = text(values.address);
  const city = text(values.city);
  const region = text(values.region);
  const postalCode = text(values.postalCode);
  const country = text(values.country);
  if (street || city || region || postalCode || country) {
    input.address = {
      kind: "home",
      street: street ?? null,
      city: city ?? null,
      region: region ?? null,
      postalCode: postalCode ?? null,
      country: country ?? null,
    };
  }
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
