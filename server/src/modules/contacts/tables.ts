import type { DB } from "../../platform/db/schema.js";

export type { Consent, ConsentGrant, MessengerValue } from "../../platform/db/column-types.js";

/**
 * People. Same search columns as companies (see companies/tables.ts): `phone_e164 text[]` (GIN, exact),
 * `phone_digits text` (trigram GIN, fragments: `phone_digits LIKE '%9161234%'`), `email_values text[]`
 * (lower-cased, GIN), `name` = "First Middle Last" (b-tree + trigram), `tags text[]` (GIN).
 */
export type ContactsTable = DB["contacts"];
/** A contact's membership in a company (several per contact, or none for B2C). */
export type ContactCompaniesTable = DB["contact_companies"];
