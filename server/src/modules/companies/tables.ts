import type { DB } from "../../platform/db/schema.js";

export type { AddressValue, EmailValue, PhoneValue, TaxIdValue } from "../../platform/db/column-types.js";

/**
 * Companies. Search-friendly denormalized columns, maintained by the service on every write:
 * - `phone_e164 text[]` (GIN): exact phone lookups (`phone_e164 @> array['+7916…']`);
 * - `phone_digits text` (trigram GIN): all digits of all numbers separated by spaces — search a phone fragment
 *   with `phone_digits LIKE '%9161234%'` (≥ 3 digits uses the index);
 * - `email_values text[]` (lower-cased, GIN), `tax_id_values text[]` (`KIND:value`, GIN), `city` (first
 *   address's city, for duplicate hints).
 * `tags text[]` holds tag names (GIN). Soft delete: `deleted_at`.
 */
export type CompaniesTable = DB["companies"];
