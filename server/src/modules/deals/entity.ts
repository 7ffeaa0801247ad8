import { sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { DEAL_FIELDS } from "./fields.js";
import { dealImport } from "./import.js";
import { type CreateDealInput, createDealBody, type UpdateDealInput, updateDealBody } from "./schemas.js";
import { dealsProvider } from "./search.js";
import { applyDealUpdate, createDeal } from "./service.js";

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
    files: true,
    search: dealsProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: dealImport,
    export: { formats: ["csv", "xlsx"] },
    merge: {
      // A deal's stage comes with its pipeline and closing state; entering it is a new stay (merge/stage-history.ts).
      columnGroups: {
        stageId: ["stage_id", "pipeline_id", "closed_at", "lost_reason"],
        pipelineId: ["pipeline_id", "stage_id", "closed_at", "lost_reason"],
      },
    },
    timeline: true,
  },
  // Arrow functions: service.ts is read when a rule runs, not while this file loads (no import-order trap).
  writer: {
    patchSchema: updateDealBody,
    update: (trx, ctx, _jobs, id, patch) => applyDealUpdate(trx, ctx, id, patch as UpdateDealInput),
  },
  creator: {
    createSchema: createDealBody,
    create: (trx, ctx, _jobs, input) => createDeal(trx, ctx, input as CreateDealInput),
    linkTo: (to, id) =>
      to.name === "companies" ? { companyId: id } : to.name === "contacts" ? { contactId: id } : null,
  },
};
