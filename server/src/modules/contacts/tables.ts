import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";
import type { AddressValue, EmailValue, PhoneValue } from "../companies/tables.js";

type Array_ = ColumnType<string[], string[] | undefined, string[]>;

export interface MessengerValue {
  kind: string;
  handle: string;
}
export interface ConsentGrant {
  granted: boolean;
  at: string | null;
  origin: string | null;
}
export type Consent = Partial<Record<"emailMarketing" | "smsMarketing", ConsentGrant>>;

/**
 * People. Same search columns as companies (see companies/tables.ts): `phone_e164 text[]` (GIN, exact),
 * `phone_digits text` (trigram GIN, fragments: `phone_digits LIKE '%9161234%'`), `email_values text[]`
 * (lower-cased, GIN), `name` = "First Middle Last" (b-tree + trigram), `tags text[]` (GIN).
 */
export interface ContactsTable {
  id: Generated<string>;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  name: string;
  position: string | null;
  phones: Json<PhoneValue[]>;
  phone_e164: Array_;
  phone_digits: Generated<string>;
  emails: Json<EmailValue[]>;
  email_values: Array_;
  messengers: Json<MessengerValue[]>;
  birthday: string | null;
  notes: string | null;
  preferred_channel: string | null;
  language: string | null;
  address: Json<AddressValue> | null;
  city: string | null;
  source: string | null;
  consent: Json<Consent>;
  tags: Array_;
  owner_id: string;
  custom: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A contact's membership in a company (several per contact, or none for B2C). */
export interface ContactCompaniesTable {
  contact_id: string;
  company_id: string;
  role: string | null;
  is_primary: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ContactTables {
  contacts: ContactsTable;
  contact_companies: ContactCompaniesTable;
}
