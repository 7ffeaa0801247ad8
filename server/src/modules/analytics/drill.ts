import type { CommunicationSource, WidgetDrill } from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
import { COLUMN_DRILLS } from "./drill-cells.js";
import { type Drill, type DrillContext, MAX_IN, type Node, type Row } from "./drill-kit.js";
import { ROW_DRILLS } from "./drill-rows.js";
import type { Filters } from "./filters.js";

async function ownerParts(db: Database, f: Filters): Promise<Node[] | null> {
  if (f.userId) return [{ field: "ownerId", op: "eq", value: f.userId }];
  if (!f.teamId) return [];
  const members = await db.selectFrom("users").select("id").where("team_id", "=", f.teamId).execute();
  if (members.length === 0 || members.length > MAX_IN) return null;
  return [{ field: "ownerId", op: "in", value: members.map((m) => m.id) }];
}

async function context(
  db: Database,
  f: Filters,
  rows: readonly Row[],
  sources: readonly CommunicationSource[],
): Promise<DrillContext> {
  const teams = [...new Set(rows.map((r) => r.team).filter((t): t is string => typeof t === "string"))];
  const [owner, allStages, people] = await Promise.all([
    ownerParts(db, f),
    db.selectFrom("pipeline_stages").select(["id", "kind", "pipeline_id"]).execute(),
    teams.length
      ? db.selectFrom("users").select(["id", "team_id"]).where("team_id", "in", teams).execute()
      : [],
  ]);
  const inPipeline = allStages.filter((s) => !f.pipelineId || s.pipeline_id === f.pipelineId);
  const of = (kind: string) => inPipeline.filter((s) => s.kind === kind).map((s) => s.id);
  const members = new Map<string, string[]>();
  for (const p of people) if (p.team_id) members.set(p.team_id, [...(members.get(p.team_id) ?? []), p.id]);
  const stages = { won: of("won"), lost: of("lost"), open: of("open") };
  return { f, owner, allStages, members, stages, sources };
}

/** The list filter of a drill: its conditions AND the dashboard's person/team unless it handles owners. */
function finish(d: Drill | null, c: DrillContext): WidgetDrill {
  if (!d || d.parts.some((p) => p === null)) return null;
  const owner = d.owners ? [] : c.owner;
  if (!owner) return null;
  const parts = [...(d.parts as Node[]), ...owner];
  return { entity: d.entity, filter: parts.length === 1 ? (parts[0] as Node) : { and: parts } };
}

export interface Drills {
  drillDown?: WidgetDrill[];
  drillColumns?: Record<string, WidgetDrill>;
}

/**
 * The drill-down of a built-in widget's rows: per row (or, for widgets whose columns count different
 * records, per column with the row's values standing in) the entity and the list filter that selects the records
 * behind the figure — its period, stage kind or passed stage, currency, source… AND the dashboard's person/team
 * and pipeline. The list applies the viewer's read scope and field rules itself, so a drill shows what the viewer
 * may list, and the figure counts the same records.
 */
export async function drillsFor(
  db: Database,
  widgetId: string,
  f: Filters,
  rows: readonly Row[],
  sources: readonly CommunicationSource[] = [],
): Promise<Drills> {
  const byRow = ROW_DRILLS[widgetId];
  const byColumn = COLUMN_DRILLS[widgetId];
  if (!byRow && !byColumn) return {};
  const c = await context(db, f, rows, sources);
  const out: Drills = {};
  if (byRow) out.drillDown = rows.map((row) => finish(byRow(row, c), c));
  if (byColumn) {
    const keys = new Set(rows.flatMap((row) => Object.keys(row)));
    out.drillColumns = Object.fromEntries(
      Object.entries(byColumn(keys, c)).map(([k, d]) => [k, finish(d && { ...d, owners: true }, c)]),
    );
  }
  return out;
}
