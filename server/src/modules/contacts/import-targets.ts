import type { ImportTarget } from "../../platform/records/import-spec.js";
import { CHANNELS } from "./schemas.js";

/**
 * What a contacts file's columns can be mapped to: mostly API field keys; `phone`/`phone2`/`mobile` fill
 * phones of kind work/other/mobile, `company` links a company by name or tax ID (`company.website` and
 * `company.city` go to the companies the import creates for it).
 */
export const CONTACT_IMPORT_TARGETS: readonly ImportTarget[] = [
  { key: "name", label: "Full name (first middle last)", kind: "text", max: 300 },
  { key: "firstName", label: "First name", kind: "text", max: 100 },
  { key: "lastName", label: "Last name", kind: "text", max: 100 },
  { key: "middleName", label: "Middle name", kind: "text", max: 100 },
  { key: "position", label: "Position", kind: "text", max: 200 },
  { key: "phone", label: "Phone", kind: "phone", ruleKey: "phones" },
  { key: "phone2", label: "Phone 2", kind: "phone", ruleKey: "phones" },
  { key: "mobile", label: "Mobile phone", kind: "phone", ruleKey: "phones" },
  { key: "email", label: "Email", kind: "email", ruleKey: "emails" },
  { key: "email2", label: "Email 2", kind: "email", ruleKey: "emails" },
  { key: "birthday", label: "Birthday", kind: "date" },
  { key: "city", label: "City", kind: "text", max: 200 },
  { key: "address", label: "Address", kind: "text", max: 1000 },
  { key: "region", label: "Region", kind: "text", max: 200, ruleKey: "address" },
  { key: "postalCode", label: "Postal code", kind: "text", max: 20, ruleKey: "address" },
  {
    key: "country",
    label: "Country (name or ISO code; reads the row's phone numbers)",
    kind: "country",
    ruleKey: "address",
  },
  { key: "notes", label: "Notes", kind: "longText", max: 10_000 },
  { key: "telegram", label: "Telegram", kind: "text", max: 100, ruleKey: "messengers" },
  { key: "whatsapp", label: "WhatsApp", kind: "text", max: 100, ruleKey: "messengers" },
  { key: "preferredChannel", label: "Preferred channel", kind: "select", options: CHANNELS },
  { key: "language", label: "Language (ISO code: ru, en, sr, kk…)", kind: "language" },
  { key: "emailMarketing", label: "Email marketing consent (yes/no)", kind: "boolean", ruleKey: "consent" },
  { key: "smsMarketing", label: "SMS marketing consent (yes/no)", kind: "boolean", ruleKey: "consent" },
  { key: "source", label: "Source", kind: "text", max: 100 },
  { key: "externalId", label: "External ID", kind: "text", max: 200 },
  { key: "tags", label: "Tags", kind: "tags" },
  {
    key: "company",
    label: "Company (name or tax ID)",
    kind: "company",
    ref: "companies",
    createsMissing: true,
  },
  // A company the import creates for its Company column (option `missingCompanies: create`) takes these.
  {
    key: "company.website",
    label: "Company website (new companies)",
    kind: "url",
    ruleEntity: "companies",
    ruleKey: "website",
  },
  {
    key: "company.city",
    label: "Company city (new companies)",
    kind: "text",
    max: 200,
    ruleEntity: "companies",
    ruleKey: "city",
  },
  { key: "owner", label: "Owner (email)", kind: "owner", ruleKey: "ownerId" },
];
