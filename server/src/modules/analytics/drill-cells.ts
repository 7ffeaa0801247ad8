import { rowValue } from "../../platform/analytics/widget.js";
import { type Drill, type DrillContext, inStages, type Node, period, pipeline } from "./drill-kit.js";

/** A column's drill, the same for every row: the person and the currency are the row's (`rowValue`). */
type ColumnDrill = (c: DrillContext) => Drill | null;

const owner: Node = { field: "ownerId", op: "eq", value: rowValue("user") };

const kind = (value: string): Node => ({ field: "kind", op: "eq", value });
const direction = (value: string): Node => ({ field: "direction", op: "eq", value });

/** Activities of the person in the period (the figure's kind and direction). */
const activities =
  (...parts: Node[]): ColumnDrill =>
  (c) => ({ entity: "activities", parts: [...parts, owner, ...period("occurredAt", c.f.from, c.f.to)] });

const closed =
  (kinds: (c: DrillContext) => string[], extra: Node[] = []): ColumnDrill =>
  (c) => ({
    entity: "deals",
    parts: [owner, inStages(kinds(c)), ...period("closedAt", c.f.from, c.f.to), ...pipeline(c.f), ...extra],
  });

/**
 * Team performance, per column: the person's records behind the cell (`team-repository.ts`). Response time
 * (a median over first responses) has none.
 */
const TEAM: Record<string, ColumnDrill> = {
  calls: activities(kind("call"), direction("out")),
  callsAnswered: activities(kind("call"), direction("in"), {
    or: [
      { field: "outcome", op: "eq", value: "reached" },
      { field: "outcome", op: "isEmpty" },
    ],
  }),
  talkTime: activities(kind("call")),
  meetings: activities(kind("meeting")),
  emails: activities(kind("email"), direction("out")),
  tasksDone: (c) => ({
    entity: "tasks",
    parts: [owner, { field: "status", op: "eq", value: "done" }, ...period("completedAt", c.f.from, c.f.to)],
  }),
  tasksOverdue: () => ({
    entity: "tasks",
    parts: [
      owner,
      { field: "status", op: "eq", value: "open" },
      { field: "overdueAt", op: "lt", value: new Date().toISOString() },
    ],
  }),
  dealsCreated: (c) => ({
    entity: "deals",
    parts: [owner, ...period("createdAt", c.f.from, c.f.to), ...pipeline(c.f)],
  }),
  dealsWon: closed((c) => c.stages.won),
  dealsLost: closed((c) => c.stages.lost),
  revenue: closed(
    (c) => c.stages.won,
    [
      { field: "currency", op: "eq", value: rowValue("currency") },
      { field: "amount", op: "isNotEmpty" },
    ],
  ),
};

/**
 * Per widget with figures of different records per column: column key → the records behind a cell, one filter
 * per column with the row's person (and currency) as `rowValue`s — 100 people × 12 columns of filters were
 * most of team performance's answer.
 */
export const COLUMN_DRILLS: Record<
  string,
  (keys: ReadonlySet<string>, c: DrillContext) => Record<string, Drill | null>
> = {
  "team.performance": (keys, c) => {
    const out: Record<string, Drill | null> = {};
    for (const [key, drill] of Object.entries(TEAM)) if (keys.has(key)) out[key] = drill(c);
    return out;
  },
};
