import type { Kysely, Transaction } from "kysely";
import { type Actor, fieldAccess } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import type { ImportKind, ImportTarget } from "../../platform/records/import-spec.js";
import { COMPANY_SIZES, COMPANY_TYPES, RATINGS } from "../companies/module.js";
import { CHANNELS } from "../contacts/module.js";
import { declaredImport } from "./declared.js";

/** Any entity with the import capability. */
export type ImportEntity = string;
export type { ImportKind };

export interface ImportField extends ImportTarget {
  custom?: boolean;
  /** For a custom `link` field: the entity its values point to (matched by id or by name). */
  linkEntity?: string;
  /** `decimal`: negative amounts are allowed (custom money fields; a deal's amount is never negative). */
  allowNegative?: boolean;
}

const f = (key: string, label: string, kind: ImportKind, extra: Partial<ImportField> = {}): ImportField => ({
  key,
  label,
  kind,
  ...extra,
});

/**
 * What a column can be mapped to, for the entities whose writers this module holds (others declare their
 * targets in their definition). Most keys are the entity's API field keys; a few are import conveniences that
 * fill structured values (`phone`, `phone2`, `mobile` → `phones` of kind work, other and mobile; `company` → a
 * company looked up by name, `owner` → a user looked up by email). Custom fields are `custom.<key>`.
 */
const STANDARD: Record<string, readonly ImportField[]> = {
  companies: [
    f("name", "Name", "text", { max: 300 }),
    f("legalName", "Legal name", "text", { max: 500 }),
    f("taxId", "Tax ID", "taxId", { ruleKey: "taxIds" }),
    f("industry", "Industry", "text", { max: 100 }),
    f("website", "Website", "url"),
    f("city", "City", "text", { max: 200 }),
    f("address", "Address", "text", { max: 1000, ruleKey: "addresses" }),
    f("country", "Country (name or ISO code; reads the row's phone numbers)", "country", {
      ruleKey: "addresses",
    }),
    f("phone", "Phone", "phone", { ruleKey: "phones" }),
    f("phone2", "Phone 2", "phone", { ruleKey: "phones" }),
    f("mobile", "Mobile phone", "phone", { ruleKey: "phones" }),
    f("email", "Email", "email", { ruleKey: "emails" }),
    f("email2", "Email 2", "email", { ruleKey: "emails" }),
    f("types", "Types (several: customer, prospect, supplier, partner, other)", "multiSelect", {
      options: COMPANY_TYPES,
    }),
    f("size", "Size (employees)", "select", { options: COMPANY_SIZES }),
    f("rating", "Rating (A–D)", "select", { options: RATINGS }),
    f("parentCompany", "Parent company (name or tax ID)", "company", { ruleKey: "parentCompanyId" }),
    f("source", "Source", "text", { max: 100 }),
    f("externalId", "External ID", "text", { max: 200 }),
    f("tags", "Tags", "tags"),
    f("owner", "Owner (email)", "owner", { ruleKey: "ownerId" }),
  ],
  contacts: [
    f("name", "Full name (first middle last)", "text", { max: 300 }),
    f("firstName", "First name", "text", { max: 100 }),
    f("lastName", "Last name", "text", { max: 100 }),
    f("middleName", "Middle name", "text", { max: 100 }),
    f("position", "Position", "text", { max: 200 }),
    f("phone", "Phone", "phone", { ruleKey: "phones" }),
    f("phone2", "Phone 2", "phone", { ruleKey: "phones" }),
    f("mobile", "Mobile phone", "phone", { ruleKey: "phones" }),
    f("email", "Email", "email", { ruleKey: "emails" }),
    f("email2", "Email 2", "email", { ruleKey: "emails" }),
    f("birthday", "Birthday", "date"),
    f("city", "City", "text", { max: 200 }),
    f("address", "Address", "text", { max: 1000 }),
    f("region", "Region", "text", { max: 200, ruleKey: "address" }),
    f("postalCode", "Postal code", "text", { max: 20, ruleKey: "address" }),
    f("country", "Country (name or ISO code; reads the row's phone numbers)", "country", {
      ruleKey: "address",
    }),
    f("notes", "Notes", "longText", { max: 10_000 }),
    f("telegram", "Telegram", "text", { max: 100, ruleKey: "messengers" }),
    f("whatsapp", "WhatsApp", "text", { max: 100, ruleKey: "messengers" }),
    f("preferredChannel", "Preferred channel", "select", { options: CHANNELS }),
    f("language", "Language (ISO code: ru, en, sr, kk…)", "language"),
    f("emailMarketing", "Email marketing consent (yes/no)", "boolean", { ruleKey: "consent" }),
    f("smsMarketing", "SMS marketing consent (yes/no)", "boolean", { ruleKey: "consent" }),
    f("source", "Source", "text", { max: 100 }),
    f("externalId", "External ID", "text", { max: 200 }),
    f("tags", "Tags", "tags"),
    f("company", "Company (name or tax ID)", "company"),
    // A company the import creates for its Company column (option `missingCompanies: create`) takes these.
    f("company.website", "Company website (new companies)", "url", {
      ruleEntity: "companies",
      ruleKey: "website",
    }),
    f("company.city", "Company city (new companies)", "text", {
      max: 200,
      ruleEntity: "companies",
      ruleKey: "city",
    }),
    f("owner", "Owner (email)", "owner", { ruleKey: "ownerId" }),
  ],
  deals: [
    f("title", "Title", "text", { max: 300 }),
    f("amount", "Amount", "decimal"),
    f("currency", "Currency", "currency"),
    f("pipeline", "Pipeline", "pipeline", { ruleKey: "pipelineId" }),
    f("stage", "Stage", "stage", { ruleKey: "stageId" }),
    f("lostReason", "Lost reason", "text", { max: 500 }),
    f("probability", "Probability, % (new deals; default: the stage's)", "percent"),
    f("expectedCloseDate", "Expected close date", "date"),
    f("company", "Company (name or tax ID)", "company", { ruleKey: "companyId" }),
    f("contact", "Contact (email)", "contact", { ruleKey: "contactId" }),
    f("source", "Source", "text", { max: 100 }),
    f("externalId", "External ID", "text", { max: 200 }),
    f("tags", "Tags", "tags"),
    f("owner", "Owner (email)", "owner", { ruleKey: "ownerId" }),
  ],
};

const CUSTOM_KINDS: Record<string, ImportKind> = {
  text: "text",
  longText: "longText",
  number: "number",
  money: "decimal",
  date: "date",
  dateTime: "dateTime",
  boolean: "boolean",
  select: "select",
  multiSelect: "multiSelect",
  email: "email",
  phone: "phone",
  url: "url",
  user: "user",
  link: "link",
};

/** The standard import targets of an entity, before field rules and custom fields (suggestion tests). */
export const standardImportFields = (entity: ImportEntity): readonly ImportField[] =>
  STANDARD[entity] ?? declaredImport(entity)?.targets ?? [];

/** Whether this module holds the entity's writer (`import: true` in its definition). */
export const holdsWriter = (entity: string): boolean => entity in STANDARD;

/** Standard and custom import targets the actor may write (read-only and hidden fields are left out). */
export async function importFields(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: ImportEntity,
): Promise<ImportField[]> {
  const custom = await db
    .selectFrom("custom_fields")
    .select(["key", "label", "type", "options", "link_entity"])
    .where("entity", "=", entity)
    .where("deleted_at", "is", null)
    .orderBy("position")
    .execute();
  const customFields = custom.flatMap((c) => {
    const kind = CUSTOM_KINDS[c.type];
    if (!kind) return [];
    const options = Array.isArray(c.options)
      ? (c.options as Array<{ value?: unknown } | string>).map((o) =>
          typeof o === "string" ? o : String(o?.value ?? ""),
        )
      : undefined;
    return [
      f(`custom.${c.key}`, c.label, kind, {
        custom: true,
        ...(options ? { options } : {}),
        ...(c.link_entity ? { linkEntity: c.link_entity } : {}),
        ...(c.type === "money" ? { allowNegative: true } : {}),
      }),
    ];
  });
  return [...standardImportFields(entity), ...customFields].filter(
    (field) => fieldAccess(actor, field.ruleEntity ?? entity, field.ruleKey ?? field.key) === "write",
  );
}
