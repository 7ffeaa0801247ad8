import { sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { CONTACT_FIELDS } from "./fields.js";
import { contactsProvider } from "./search.js";

export const contactsEntity: EntityDefinition = {
  name: "contacts",
  labels: {
    en: { singular: "Contact", plural: "Contacts" },
    ru: { singular: "Контакт", plural: "Контакты" },
    sr: { singular: "Контакт", plural: "Контакти" },
    kk: { singular: "Байланыс", plural: "Байланыстар" },
  },
  table: "contacts",
  ownerColumn: "owner_id",
  title: "name",
  softDeleteColumn: "deleted_at",
  // Structured values of the API shape besides the list fields; field rules may hide them.
  presentedKeys: ["emails", "phones", "notes", "messengers", "address", "consent", "companies"],
  fields: CONTACT_FIELDS,
  relations: [
    {
      entity: "companies",
      // A company's timeline shows its contacts' items.
      timeline: (companyId) => sql`select cc.contact_id from contact_companies cc
        join contacts c on c.id = cc.contact_id and c.deleted_at is null where cc.company_id = ${companyId}`,
    },
  ],
  navigation: { group: "customers", order: 20 },
  capabilities: {
    search: contactsProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: true,
    export: { formats: ["csv", "xlsx", "vcf"] },
    merge: true,
    timeline: true,
  },
};
