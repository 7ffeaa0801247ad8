import type { EntityDefinition } from "../../platform/records/definition.js";
import { companyDuplicateCheck } from "./duplicate-check.js";
import { COMPANY_FIELDS } from "./fields.js";
import { companyImport } from "./import.js";
import {
  type CreateCompanyInput,
  createCompanyBody,
  type UpdateCompanyInput,
  updateCompanyBody,
} from "./schemas.js";
import { companiesProvider } from "./search.js";
import { createCompany, updateCompany } from "./service.js";

export const companiesEntity: EntityDefinition = {
  name: "companies",
  labels: {
    en: { singular: "Company", plural: "Companies" },
    ru: { singular: "Компания", plural: "Компании" },
    sr: { singular: "Компанија", plural: "Компаније" },
    kk: { singular: "Компания", plural: "Компаниялар" },
  },
  table: "companies",
  ownerColumn: "owner_id",
  title: "name",
  softDeleteColumn: "deleted_at",
  // Structured values of the API shape besides the list fields; field rules may hide them.
  presentedKeys: ["emails", "phones", "taxIds", "addresses"],
  fields: COMPANY_FIELDS,
  navigation: { group: "customers", order: 10 },
  capabilities: {
    files: true,
    search: companiesProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: companyImport,
    export: { formats: ["csv", "xlsx"] },
    merge: true,
    timeline: true,
    duplicateCheck: companyDuplicateCheck,
  },
  duplicateKeys: {
    values: [
      { reason: "email", column: "email_values", fields: ["emails", "email"] },
      { reason: "phone", column: "phone_e164", fields: ["phones", "phone"] },
      { reason: "taxId", column: "tax_id_values", fields: ["taxIds"] },
    ],
    name: {
      column: "name",
      fields: ["name"],
      city: { column: "city", fields: ["city", "address", "addresses"] },
    },
  },
  // Arrow functions: service.ts is read when a rule runs, not while this file loads (no import-order trap).
  writer: {
    patchSchema: updateCompanyBody,
    update: (trx, ctx, _jobs, id, patch) => updateCompany(trx, ctx, id, patch as UpdateCompanyInput),
  },
  creator: {
    createSchema: createCompanyBody,
    create: (trx, ctx, _jobs, input) => createCompany(trx, ctx, input as CreateCompanyInput),
    // A company made from another one is its subsidiary.
    linkTo: (to, id) => (to.name === "companies" ? { parentCompanyId: id } : null),
  },
};
