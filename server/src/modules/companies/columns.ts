import type { FieldError } from "../../platform/errors.js";
import {
  type AddressValue,
  emailValues,
  normalizeEmails,
  normalizeTaxIds,
  type PhoneValue,
  phoneSearchColumns,
  taxIdValues,
} from "../../platform/records/values.js";
import { normalizeTagList } from "../tags/module.js";

/**
 * A company's write rules, once: the stored columns derived from API-shaped values. Pure and per row, so the
 * API, import (set-based), merge and demo data store a company the same way.
 */

/** API-shaped values; `phones` already normalized (`normalizePhones`, which needs a region). */
export interface CompanyValues {
  name?: string | undefined;
  legalName?: string | null | undefined;
  types?: string[] | undefined;
  industry?: string | null | undefined;
  size?: string | null | undefined;
  website?: string | null | undefined;
  source?: string | null | undefined;
  externalId?: string | null | undefined;
  rating?: string | null | undefined;
  parentCompanyId?: string | null | undefined;
  tags?: string[] | undefined;
  addresses?: AddressValue[] | undefined;
  phones?: PhoneValue[] | undefined;
  emails?: Array<{ kind: string; value: string }> | undefined;
  taxIds?: Array<{ country?: string | null | undefined; kind: string; value: string }> | undefined;
}

/** Columns holding jsonb documents (written as JSON text by single-row writes). */
export const COMPANY_JSON_COLUMNS = ["phones", "emails", "addresses", "tax_ids"] as const;

const SIMPLE: Array<[keyof CompanyValues, string]> = [
  ["name", "name"],
  ["legalName", "legal_name"],
  ["industry", "industry"],
  ["size", "size"],
  ["website", "website"],
  ["source", "source"],
  ["rating", "rating"],
  ["parentCompanyId", "parent_company_id"],
];

/**
 * The columns a write stores for the values present in `input` (`undefined` = unchanged, `null` = cleared),
 * with the derived ones: `city` from the first address that has one, the phone, email and tax id search
 * columns. Invalid tax ids are reported in `errors` (`taxIds[i].value`).
 */
export function companyColumns(input: CompanyValues, errors: FieldError[]): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const [key, column] of SIMPLE) if (input[key] !== undefined) v[column] = input[key] ?? null;
  if (input.externalId !== undefined) v.external_id = input.externalId || null;
  if (input.types) v.types = [...new Set(input.types)];
  if (input.tags) v.tags = normalizeTagList(input.tags);
  if (input.addresses) {
    v.addresses = input.addresses;
    v.city = input.addresses.find((a) => a.city)?.city ?? null;
  }
  if (input.phones) Object.assign(v, { phones: input.phones, ...phoneSearchColumns(input.phones) });
  if (input.emails) {
    const emails = normalizeEmails(input.emails);
    Object.assign(v, { emails, email_values: emailValues(emails) });
  }
  if (input.taxIds) {
    const taxIds = normalizeTaxIds(input.taxIds, errors);
    Object.assign(v, { tax_ids: taxIds, tax_id_values: taxIdValues(taxIds) });
  }
  return v;
}
