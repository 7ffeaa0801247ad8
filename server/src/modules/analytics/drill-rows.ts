import {
  bucketPeriod,
  type Drill,
  type DrillContext,
  eqOrEmpty,
  inList,
  inStages,
  monthPeriod,
  type Node,
  nextMonth,
  period,
  pipeline,
  type Row,
} from "./drill-kit.js";

type RowDrill = (row: Row, c: DrillContext) => Drill | null;

const won = (c: DrillContext): (Node | null)[] => [
  inStages(c.stages.won),
  ...period("closedAt", c.f.from, c.f.to),
  ...pipeline(c.f),
];

const DIRECTIONS = new Set(["inbound", "outbound", "internal", "external"]);

/**
 * A communications row's records: the source that counts its channel (activities' own, or another module's
 * `CommunicationSource`) says them as list conditions of its entity — one mechanism for every channel.
 */
function communications(row: Row, when: { from: Date; to: Date } | null, c: DrillContext): Drill | null {
  const channel = typeof row.channel === "string" ? row.channel : "";
  const direction = String(row.direction);
  const source = c.sources.find((s) => s.channels.includes(channel));
  if (!when || !source?.drill || !DIRECTIONS.has(direction)) return null;
  const parts = source.drill({ channel, direction: direction as "inbound" }, when);
  return parts && { entity: source.entity, parts };
}

/** Per built-in widget: the records behind one row, as the list screen's filter (null: not expressible). */
export const ROW_DRILLS: Record<string, RowDrill> = {
  "sales.funnel": (row, c) => {
    const stage = c.allStages.find((s) => s.id === row.stage);
    if (!stage) return null;
    return {
      entity: "deals",
      parts: [
        { field: "passedStage", op: "eq", value: stage.id },
        { field: "pipelineId", op: "eq", value: stage.pipeline_id },
        ...period("createdAt", c.f.from, c.f.to),
      ],
    };
  },
  "sales.time-in-stage": (row, c) =>
    typeof row.stage === "string"
      ? {
          entity: "deals",
          parts: [
            {
              field: "stageStay",
              op: "eq",
              value: `${row.stage}/${c.f.from.toISOString()}/${c.f.to.toISOString()}`,
            },
            ...pipeline(c.f),
          ],
        }
      : null,
  // The first row (currency null) is every currency together, converted.
  "sales.deal-size": (row, c) => ({
    entity: "deals",
    parts: [
      ...won(c),
      ...(typeof row.currency === "string" ? [{ field: "currency", op: "eq", value: row.currency }] : []),
      { field: "amount", op: "isNotEmpty" },
    ],
  }),
  "sales.cycle": (_row, c) => ({ entity: "deals", parts: won(c) }),
  "sales.plan-fact": (row, c) => {
    const p = monthPeriod(row.month ?? null, c.f, true);
    const owners =
      typeof row.user === "string"
        ? { field: "ownerId", op: "eq", value: row.user }
        : typeof row.team === "string"
          ? inList("ownerId", c.members.get(row.team) ?? [])
          : null;
    return (
      p && {
        entity: "deals",
        owners: true,
        // Every currency: the fact in the workspace currency counts them all (`fact` is the target's own).
        parts: [
          inStages(c.stages.won),
          ...period("closedAt", p.from, p.to),
          { field: "amount", op: "isNotEmpty" },
          ...pipeline(c.f),
          owners,
        ],
      }
    );
  },
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
  "activity.channels": (row, c) => communications(row, bucketPeriod(row.bucket ?? null, c.f), c),
  "activity.teams": (row, c) => {
    const d = communications(row, { from: c.f.from, to: c.f.to }, c);
    const team = typeof row.team === "string" ? inList("ownerId", c.members.get(row.team) ?? []) : null;
    return d && { ...d, parts: [...d.parts, team] };
  },
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
