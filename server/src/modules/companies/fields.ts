import type { FieldMeta } from "../../platform/access/fields.js";
import {
  digitsOnly,
  LIST,
  lowerTrim,
  SORT_BY_FIRST_PHONE,
  SORT_BY_OWNER_NAME,
} from "../../platform/records/field-helpers.js";
import { COMPANY_SIZES, COMPANY_TYPES, RATINGS } from "./schemas.js";

const f = (
  key: string,
  column: string,
  type: FieldMeta["type"],
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  key,
  column,
  type,
  filterable: true,
  sortable: !["tags", "multiSelect", "user", "link", "uuid", "longText"].includes(type),
  ...extra,
});

const trim = (v: string) => v.trim();

export const COMPANY_FIELDS: FieldMeta[] = [
  f("id", "id", "uuid", { nullable: false }),
  f("name", "name", "text", { nullable: false, searchFold: true, ownerIndexed: true }),
  f("legalName", "legal_name", "text", { searchFold: true }),
  f("types", "types", "multiSelect", { options: COMPANY_TYPES }),
  f("industry", "industry", "text"),
  f("size", "size", "select", { options: COMPANY_SIZES }),
  f("website", "website", "url"),
  f("city", "city", "text"),
  f("phone", "phone_digits", "phone", {
    ...SORT_BY_FIRST_PHONE,
    label: "Phone digits",
    derivesFrom: ["phones"],
    normalize: digitsOnly,
  }),
  // Any of the company's addresses / tax ids (denormalized arrays with GIN indexes, see tables.ts).
  f("emails", "email_values", "email", { ...LIST, normalize: lowerTrim, derivesFrom: ["emails"] }),
  f("taxIds", "tax_id_values", "text", {
    ...LIST,
    label: "Tax IDs (KIND:value)",
    normalize: trim,
    derivesFrom: ["taxIds"],
  }),
  f("source", "source", "text"),
  f("externalId", "external_id", "text", { label: "External ID" }),
  f("tags", "tags", "tags"),
  f("rating", "rating", "select", { options: RATINGS }),
  f("ownerId", "owner_id", "user", { nullable: false, ...SORT_BY_OWNER_NAME }),
  f("parentCompanyId", "parent_company_id", "link", { linkEntity: "companies" }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
];
