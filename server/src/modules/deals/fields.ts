import { type SqlBool, sql } from "kysely";
import type { FieldMeta } from "../../platform/access/fields.js";
import { SORT_BY_OWNER_NAME } from "../../platform/records/field-helpers.js";

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
  f("amount", "amount", "money", { currencyField: "currency" }),
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
  f("ownerId", "owner_id", "user", { nullable: false, ...SORT_BY_OWNER_NAME }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false, ownerIndexed: true }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
  // Drill-down conditions over the stage history (analytics' funnel and time in stage); not in filter builders.
  f("passedStage", "id", "link", {
    linkEntity: "pipelines",
    sortable: false,
    filterOnly: true,
    derivesFrom: ["stageId"],
    condition: (a, v) => (UUID.test(v) ? passedStage(a, v) : "Expected a stage id."),
  }),
  f("stageStay", "id", "text", {
    sortable: false,
    filterOnly: true,
    derivesFrom: ["stageId"],
    condition: stageStay,
    valueParts: [{ type: "link", linkEntity: "pipelines" }, { type: "dateTime" }, { type: "dateTime" }],
  }),
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The deal has been in the stage or in a later open/won stage (a skipped stage is passed) — the analytics
 * funnel's "reached": the furthest non-lost stage of its history is at or after the stage's position.
 */
const passedStage = (a: string, stageId: string) => sql<SqlBool>`exists (
  select 1 from deal_stage_history h join pipeline_stages s on s.id = h.to_stage_id and s.kind <> 'lost'
    join pipeline_stages t on t.id = ${stageId}::uuid
  where h.deal_id = ${sql.ref(`${a}.id`)} and s.position >= t.position)`;

/** `<stage id>/<from>/<to>` (ISO instants): a stay of the deal in the stage ended in [from, to). */
function stageStay(a: string, v: string) {
  const [stageId, from, to, ...rest] = v.split("/");
  const instant = (x: string | undefined) =>
    x && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(x) && !Number.isNaN(Date.parse(x));
  if (rest.length || !stageId || !UUID.test(stageId) || !instant(from) || !instant(to))
    return "Expected <stage id>/<from>/<to>.";
  return sql<SqlBool>`exists (
    select 1 from deal_stage_history h
    where h.deal_id = ${sql.ref(`${a}.id`)} and h.to_stage_id = ${stageId}::uuid
      and h.left_at >= ${from}::timestamptz and h.left_at < ${to}::timestamptz)`;
}
