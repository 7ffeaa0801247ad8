import type { FieldMeta } from "../../platform/access/fields.js";

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

export const DEAL_FIELDS: FieldMeta[] = [
  f("id", "id", "uuid", { nullable: false }),
  f("title", "title", "text", { nullable: false, searchFold: true }),
  f("companyId", "company_id", "link", { linkEntity: "companies" }),
  f("contactId", "contact_id", "link", { linkEntity: "contacts" }),
  f("amount", "amount", "money"),
  f("currency", "currency", "text"),
  f("pipelineId", "pipeline_id", "link", { linkEntity: "pipelines", nullable: false }),
  f("stageId", "stage_id", "link", { linkEntity: "pipelines", nullable: false }),
  f("probability", "probability", "number", { nullable: false }),
  f("expectedCloseDate", "expected_close_date", "date"),
  f("source", "source", "text"),
  f("externalId", "external_id", "text", { label: "External ID" }),
  f("lostReason", "lost_reason", "text"),
  f("stageEnteredAt", "stage_entered_at", "dateTime", { nullable: false }),
  f("closedAt", "closed_at", "dateTime"),
  f("tags", "tags", "tags"),
  f("ownerId", "owner_id", "user", { nullable: false }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
];
