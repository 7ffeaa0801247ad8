import type { EntityImport, ImportBuild } from "../../platform/records/import-spec.js";
import { importedTags, importedText as text } from "../../platform/records/import-values.js";
import { lostReasonError, stageColumns } from "./columns.js";
import {
  type DealPipelines,
  loadDealPipelines,
  pipelineStage,
  writeImportedStageHistory,
} from "./import-lookup.js";

/**
 * Deals from a file, through the API's `stageColumns` and `lostReasonError`: the pipeline and stage by name
 * (default: the default pipeline's first stage), probability from the stage unless given (new deals only),
 * company by name or tax ID, contact by email; a new deal needs a company or a contact, and its first stay
 * in the stage is written to the stage history.
 */
export const dealImport: EntityImport = {
  targets: [
    { key: "title", label: "Title", kind: "text", max: 300 },
    { key: "amount", label: "Amount", kind: "decimal" },
    { key: "currency", label: "Currency", kind: "currency" },
    { key: "pipeline", label: "Pipeline", kind: "pipeline", ruleKey: "pipelineId" },
    { key: "stage", label: "Stage", kind: "stage", ruleKey: "stageId" },
    { key: "lostReason", label: "Lost reason", kind: "text", max: 500 },
    { key: "probability", label: "Probability, % (new deals; default: the stage's)", kind: "percent" },
    { key: "expectedCloseDate", label: "Expected close date", kind: "date" },
    {
      key: "company",
      label: "Company (name or tax ID)",
      kind: "company",
      ruleKey: "companyId",
      ref: "companies",
    },
    { key: "contact", label: "Contact (email)", kind: "contact", ruleKey: "contactId", ref: "contacts" },
    { key: "source", label: "Source", kind: "text", max: 100 },
    { key: "externalId", label: "External ID", kind: "text", max: 200 },
    { key: "tags", label: "Tags", kind: "tags" },
    { key: "owner", label: "Owner (email)", kind: "owner", ruleKey: "ownerId" },
  ],
  required: ["title"],
  nameColumn: "title",
  matchKeys: ["name", "externalId"],
  load: loadDealPipelines,
  build(values, ctx): ImportBuild {
    const set: Record<string, unknown> = {};
    const tags = importedTags(values);
    if (tags) set.tags = tags;
    const put = (column: string, v: unknown) => {
      if (v !== undefined && v !== "") set[column] = v;
    };
    put("source", text(values.source));
    put("external_id", text(values.externalId));
    put("title", text(values.title));
    put("expected_close_date", text(values.expectedCloseDate));
    if (text(values.amount)) {
      put("amount", values.amount);
      put("currency", text(values.currency));
      if (!set.currency) return { field: "currency", error: "A currency is required with an amount." };
    }
    const stage = pipelineStage(ctx.loaded as DealPipelines, text(values.pipeline), text(values.stage));
    if ("error" in stage) return stage;
    const probability = typeof values.probability === "number" ? values.probability : undefined;
    const lostReason = text(values.lostReason);
    const lost = lostReasonError(stage.kind, lostReason);
    if (lost) return { field: lost.field, error: lost.message };
    Object.assign(set, stageColumns({ ...stage, id: stage.stageId }, { probability, lostReason }, ctx.now));
    if (set.lost_reason === null) delete set.lost_reason;
    if (typeof values.contact === "string" && values.contact) {
      const id = ctx.ref("contact", values.contact);
      if (!id) return { field: "contact", error: `No contact with the email "${values.contact}".` };
      set.contact_id = id;
    }
    if (typeof values.company === "string" && values.company) {
      const id = ctx.ref("company", values.company);
      if (!id) return { field: "company", error: `No company named "${values.company}".` };
      set.company_id = id;
    }
    if (!set.title) return { field: "title", error: "Required." };
    return { set };
  },
  // Like the API: a new deal needs a company or a contact (an update keeps the stored ones).
  refuseCreate: (set) =>
    set.company_id || set.contact_id
      ? null
      : { field: "company", reason: "A deal needs a company or a contact (or both)." },
  createDefaults: { tags: [], probability_manual: false },
  // A deal's stage moves through its own API with history, and its probability follows the stage unless set by
  // hand — an imported probability applies to new deals only.
  notUpdated: ["pipeline_id", "stage_id", "probability", "probability_manual", "closed_at"],
  writable: [
    "title",
    "amount",
    "currency",
    "expected_close_date",
    "company_id",
    "contact_id",
    "source",
    "external_id",
    "tags",
    "owner_id",
    "custom",
  ],
  unique: [{ key: "externalId", column: "external_id", label: "external ID" }],
  deferSearch: true,
  afterInsert: (trx, rows, actorId) => writeImportedStageHistory(trx, rows, actorId),
};
