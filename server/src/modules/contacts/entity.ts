import { sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { contactDuplicateCheck } from "./duplicate-check.js";
import { CONTACT_FIELDS } from "./fields.js";
import { contactImport } from "./import.js";
import { contactMerge } from "./merge.js";
import {
  type CreateContactInput,
  createContactBody,
  type UpdateContactInput,
  updateContactBody,
} from "./schemas.js";
import { contactsProvider } from "./search.js";
import { createContact, updateContact } from "./service.js";

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
    files: true,
    search: contactsProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: contactImport,
    export: { formats: ["csv", "xlsx", "vcf"] },
    merge: contactMerge,
    timeline: true,
    duplicateCheck: contactDuplicateCheck,
  },
  duplicateKeys: {
    values: [
      { reason: "email", column: "email_values", fields: ["emails", "email"] },
      { reason: "phone", column: "phone_e164", fields: ["phones", "phone"] },
    ],
    name: {
      column: "name",
      fields: ["name"],
      city: { column: "city", fields: ["city", "address", "addresses"] },
    },
  },
  // Arrow functions: service.ts is read when a rule runs, not while this file loads (no import-order trap).
  writer: {
    patchSchema: updateContactBody,
    update: (trx, ctx, _jobs, id, patch) => updateContact(trx, ctx, id, patch as UpdateContactInput),
  },
  creator: {
    createSchema: createContactBody,
    create: (trx, ctx, _jobs, input) => createContact(trx, ctx, input as CreateContactInput),
    linkTo: (to, id) => (to.name === "companies" ? { companies: [{ companyId: id }] } : null),
  },
};
