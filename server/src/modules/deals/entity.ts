import { sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { DEAL_FIELDS } from "./fields.js";
import { dealsProvider } from "./search.js";

export const dealsEntity: EntityDefinition = {
  name: "deals",
  labels: {
    en: { singular: "Deal", plural: "Deals" },
    ru: { singular: "Сделка", plural: "Сделки" },
    sr: { singular: "Посао", plural: "Послови" },
    kk: { singular: "Мәміле", plural: "Мәмілелер" },
  },
  table: "deals",
  ownerColumn: "owner_id",
  title: "title",
  softDeleteColumn: "deleted_at",
  fields: DEAL_FIELDS,
  // A company's and a contact's timelines show their deals' items.
  relations: [
    {
      entity: "companies",
      timeline: (id) => sql`select d.id from deals d where d.company_id = ${id} and d.deleted_at is null`,
    },
    {
      entity: "contacts",
      timeline: (id) => sql`select d.id from deals d where d.contact_id = ${id} and d.deleted_at is null`,
    },
  ],
  defaultSort: "-createdAt",
  navigation: { group: "sales", order: 30 },
  capabilities: {
    search: dealsProvider,
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
