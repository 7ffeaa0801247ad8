import type { Kysely } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ownerIds, type RollupDimension, rollupGroups, rollupView } from "../analytics/module.js";
import { hasExchangeRates } from "../currencies/module.js";
import { MAX_GROUPS, type ReportDefinition } from "./definition.js";
import type { ResolvedReport } from "./resolve.js";

/**
 * Typical reports answered from the analytics module's daily rollups instead of a scan of every record: deals
 * (by creation day) or activities without a filter, related entity or comparison, grouped by owner, the owner's
 * team, pipeline, stage, currency (deals), kind (activities) or a day-or-coarser bucket of the creation /
 * occurrence date, measured by count or the sum of the deal amount. Anything else runs the report statement.
 */
const SHAPES: Record<string, { date: string; columns: string[]; sum: string | null }> = {
  deals: { date: "created_at", columns: ["owner_id", "pipeline_id", "stage_id", "currency"], sum: "amount" },
  activities: { date: "occurred_at", columns: ["owner_id", "kind"], sum: null },
};

type Plan = {
  entity: "deals" | "activities";
  dimensions: RollupDimension[];
  measures: ("count" | "sumAmount")[];
};

export function rollupPlan(d: ReportDefinition, r: ResolvedReport): Plan | null {
  const shape = SHAPES[d.entity];
  const isEmpty = !d.filter || Object.keys(d.filter).length === 0;
  if (!shape || !isEmpty || d.related || r.related || r.compare) return null;
  const dimensions: RollupDimension[] = [];
  for (const dim of r.dimensions) {
    if (dim.on !== "base") return null;
    const f = dim.field;
    if (!f) dimensions.push({ team: true });
    else if (f.custom || f.expression) return null;
    else if (f.column === shape.date && dim.bucket) dimensions.push({ bucket: dim.bucket });
    else if (!dim.bucket && shape.columns.includes(f.column))
      dimensions.push({ column: f.column as "owner_id" });
    else return null;
  }
  const measures: Plan["measures"] = [];
  for (const m of r.measures) {
    if (m.on !== "base") return null;
    if (m.fn === "count") measures.push("count");
    else if (m.fn === "sum" && shape.sum && m.field && !m.field.custom && m.field.column === shape.sum)
      measures.push("sumAmount");
    else return null;
  }
  return { entity: d.entity as Plan["entity"], dimensions, measures };
}

/**
 * The report's rows from the rollups of the viewer's zone, within their read scope (owner ids), with how current
 * they are; null when the report or the zone has no rollup (the caller runs the statement).
 */
export async function runFromRollup(
  db: Kysely<DB>,
  actor: Actor,
  d: ReportDefinition,
  r: ResolvedReport,
  timeZone: string,
  workspaceCurrency: string,
): Promise<{ rows: Record<string, unknown>[]; exact: boolean; asOf: string } | null> {
  const plan = rollupPlan(d, r);
  if (!plan) return null;
  const view = await rollupView(db, timeZone);
  if (!view) return null;
  const owners = await ownerIds(db, actor, plan.entity, { teamId: null, userId: null });
  const rows = await rollupGroups(db, {
    ...plan,
    zone: timeZone,
    currency: plan.measures.includes("sumAmount"),
    convertTo: workspaceCurrency,
    ratesExist: plan.measures.includes("sumAmount") && (await hasExchangeRates(db, workspaceCurrency)),
    owners,
    limit: MAX_GROUPS + 1,
  });
  return { rows, exact: view.exact, asOf: view.asOf };
}
