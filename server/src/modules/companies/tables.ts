import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export interface PhoneValue {
  kind: string;
  raw: string;
  /** E.164 when the number could be parsed, else null (kept as typed). */
  e164: string | null;
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

type Array_ = ColumnType<string[], string[] | undefined, string[]>;
type SoftDelete = ColumnType<Date | null, Date | null | undefined, Date | null>;

/**
 * Companies. Search-friendly denormalized columns, maintained by the service on every write:
 * - `phone_e164 text[]` (GIN): exact phone lookups (`phone_e164 @> array['+7916…']`);
 * - `phone_digits text` (trigram GIN): all digits of all numbers separated by spaces — search a phone fragment
 *   with `phone_digits LIKE '%9161234%'` (≥ 3 digits uses the index);
 * - `email_values text[]` (lower-cased, GIN), `tax_id_values text[]` (`KIND:value`, GIN), `city` (first
 *   address's city, for duplicate hints).
 * `tags text[]` holds tag names (GIN). Soft delete: `deleted_at`.
 */
export interface CompaniesTable {
  id: Generated<string>;
  name: string;
  legal_name: string | null;
  types: Array_;
  tax_ids: Json<TaxIdValue[]>;
  tax_id_values: Array_;
  industry: string | null;
  size: string | null;
  website: string | null;
  addresses: Json<AddressValue[]>;
  city: string | null;
  phones: Json<PhoneValue[]>;
  phone_e164: Array_;
  phone_digits: Generated<string>;
  emails: Json<EmailValue[]>;
  email_values: Array_;
  source: string | null;
  tags: Array_;
  rating: string | null;
  owner_id: string;
  parent_company_id: string | null;
  custom: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: SoftDelete;
}

export interface CompanyTables {
  companies: CompaniesTable;
}
