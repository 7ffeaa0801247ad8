import type { Cell, WidgetDrill } from "../../platform/analytics/widget.js";
import { zonedInstant } from "../../platform/calendar/business-time.js";
import type { Database } from "../../platform/db/database.js";
import type { Filters } from "./filters.js";

type Node = Record<string, unknown>;
type Row = Record<string, Cell>;
/** The list grammar's `in` stays short: a team filter of more people than this has no drill-down. */
const MAX_IN = 100;

interface DrillContext {
  f: Filters;
  /** The dashboard's owner filter as list conditions; null when the list cannot express it. */
  owner: Node[] | null;
  stages: { won: string[]; lost: string[]; open: string[] };
}

const eqOrEmpty = (field: string, v: Cell): Node =>
  v === null || v === "" ? { field, op: "isEmpty" } : { field, op: "eq", value: v };

const period = (field: string, from: Date, to: Date): Node[] => [
  { field, op: "gte", value: from.toISOString() },
  { field, op: "lt", value: to.toISOString() },
];

/** A `YYYY-MM` month of the viewer's zone as instants, cut to the dashboard period. */
function monthPeriod(month: Cell, f: Filters): { from: Date; to: Date } | null {
  const m = typeof month === "string" ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = zonedInstant(y, mo, 1, 0, 0, f.timeZone);
  const end = zonedInstant(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1, 0, 0, f.timeZone);
  return {
    from: new Date(Math.max(start.getTime(), f.from.getTime())),
    to: new Date(Math.min(end.getTime(), f.to.getTime())),
  };
}

const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};

const pipeline = (f: Filters): Node[] =>
  f.pipelineId ? [{ field: "pipelineId", op: "eq", value: f.pipelineId }] : [];
const inStages = (ids: string[]): Node | null =>
  ids.length && ids.length <= MAX_IN ? { field: "stageId", op: "in", value: ids } : null;

/** Per built-in widget: the records behind one row, as the list screen's filter (null: not expressible). */
const DRILLS: Record<
  string,
  (row: Row, c: DrillContext) => { entity: string; parts: (Node | null)[] } | null
> = {
  "sales.won-revenue": (row, c) => {
    const p = monthPeriod(row.month ?? null, c.f);
    return (
      p && {
        entity: "deals",
        parts: [
          inStages(c.stages.won),
          ...period("closedAt", p.from, p.to),
          eqOrEmpty("currency", row.currency ?? null),
          ...pipeline(c.f),
        ],
      }
    );
  },
  "sales.forecast": (row, c) => {
    const month = typeof row.month === "string" ? row.month : "";
    if (!month) return null;
    return {
      entity: "deals",
      parts: [
        inStages(c.stages.open),
        { field: "expectedCloseDate", op: "gte", value: `${month}-01` },
        { field: "expectedCloseDate", op: "lt", value: nextMonth(month) },
        eqOrEmpty("currency", row.currency ?? null),
        ...pipeline(c.f),
      ],
    };
  },
  "sales.win-rate": (row, c) =>
    typeof row.user === "string"
      ? {
          entity: "deals",
          parts: [
            { field: "ownerId", op: "eq", value: row.user },
            inStages([...c.stages.won, ...c.stages.lost]),
            ...period("closedAt", c.f.from, c.f.to),
            ...pipeline(c.f),
          ],
        }
      : null,
  "sales.lost-reasons": (row, c) => ({
    entity: "deals",
    parts: [
      inStages(c.stages.lost),
      eqOrEmpty("lostReason", row.reason ?? null),
      ...period("closedAt", c.f.from, c.f.to),
      ...pipeline(c.f),
    ],
  }),
  "channels.sources": (row, c) => ({
    entity: "contacts",
    parts: [eqOrEmpty("source", row.source ?? null), ...period("createdAt", c.f.from, c.f.to)],
  }),
  "channels.revenue": (row, c) => ({
    entity: "deals",
    parts: [
      inStages(c.stages.won),
      eqOrEmpty("source", row.source ?? null),
      eqOrEmpty("currency", row.currency ?? null),
      ...period("closedAt", c.f.from, c.f.to),
      ...pipeline(c.f),
    ],
  }),
};

async function ownerParts(db: Database, f: Filters): Promise<Node[] | null> {
  if (f.userId) return [{ field: "ownerId", op: "eq", value: f.userId }];
  if (!f.teamId) return [];
  const members = await db.selectFrom("users").select("id").where("team_id", "=", f.teamId).execute();
  if (members.length === 0 || members.length > MAX_IN) return null;
  return [{ field: "ownerId", op: "in", value: members.map((m) => m.id) }];
}

/**
 * The drill-down of a built-in widget's rows: per row the entity and the list filter that selects the records
 * behind it (its period, stage kind, currency, source… AND the dashboard's person/team and pipeline). The list
 * applies the viewer's read scope itself, so a drill shows what the viewer may list. Undefined for widgets
 * without one (funnel and time in stage count stage history; team performance mixes entities per column).
 */
export async function drillsFor(
  db: Database,
  widgetId: string,
  f: Filters,
  rows: readonly Row[],
): Promise<WidgetDrill[] | undefined> {
  const drill = DRILLS[widgetId];
  if (!drill) return undefined;
  const [owner, stageRows] = await Promise.all([
    ownerParts(db, f),
    db
      .selectFrom("pipeline_stages")
      .select(["id", "kind"])
      .$if(!!f.pipelineId, (q) => q.where("pipeline_id", "=", f.pipelineId as string))
      .execute(),
  ]);
  const of = (kind: string) => stageRows.filter((s) => s.kind === kind).map((s) => s.id);
  const c: DrillContext = { f, owner, stages: { won: of("won"), lost: of("lost"), open: of("open") } };
  return rows.map((row) => {
    const d = drill(row, c);
    if (!d || !c.owner || d.parts.some((p) => p === null)) return null;
    const parts = [...(d.parts as Node[]), ...c.owner];
    return { entity: d.entity, filter: parts.length === 1 ? (parts[0] as Node) : { and: parts } };
  });
}
