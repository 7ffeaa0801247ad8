import type { EntityDefinition } from "../../platform/records/definition.js";
import { COMPANY_FIELDS } from "./fields.js";
import { companiesProvider } from "./search.js";

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
    search: companiesProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: true,
    export: { formats: ["csv", "xlsx"] },
    merge: true,
    timeline: true,
  },
};
