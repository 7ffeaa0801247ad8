import {
  type Drill,
  type DrillContext,
  inStages,
  type Node,
  period,
  pipeline,
  type Row,
} from "./drill-kit.js";

type CellDrill = (user: string, row: Row, c: DrillContext) => Drill | null;

const kind = (value: string): Node => ({ field: "kind", op: "eq", value });
const direction = (value: string): Node => ({ field: "direction", op: "eq", value });

/** Activities of the person in the period (the figure's kind and direction). */
const activities =
  (...parts: Node[]): CellDrill =>
  (user, _row, c) => ({
    entity: "activities",
    parts: [...parts, { field: "ownerId", op: "eq", value: user }, ...period("occurredAt", c.f.from, c.f.to)],
  });

const closed =
  (kinds: (c: DrillContext) => string[], extra: (row: Row) => Node[] = () => []): CellDrill =>
  (user, row, c) => ({
    entity: "deals",
    parts: [
      { field: "ownerId", op: "eq", value: user },
      inStages(kinds(c)),
      ...period("closedAt", c.f.from, c.f.to),
      ...pipeline(c.f),
      ...extra(row),
    ],
  });

/**
 * Team performance, per column: the person's records behind the cell (`team-repository.ts`). Response time
 * (a median over first responses) has none.
 */
const TEAM: Record<string, CellDrill> = {
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
  tasksDone: (user, _row, c) => ({
    entity: "tasks",
    parts: [
      { field: "ownerId", op: "eq", value: user },
      { field: "status", op: "eq", value: "done" },
      ...period("completedAt", c.f.from, c.f.to),
    ],
  }),
  tasksOverdue: (user) => ({
    entity: "tasks",
    parts: [
      { field: "ownerId", op: "eq", value: user },
      { field: "status", op: "eq", value: "open" },
      { field: "overdueAt", op: "lt", value: new Date().toISOString() },
    ],
  }),
  dealsCreated: (user, _row, c) => ({
    entity: "deals",
    parts: [
      { field: "ownerId", op: "eq", value: user },
      ...period("createdAt", c.f.from, c.f.to),
      ...pipeline(c.f),
    ],
  }),
  dealsWon: closed((c) => c.stages.won),
  dealsLost: closed((c) => c.stages.lost),
  revenue: closed(
    (c) => c.stages.won,
    (row) => [
      row.currency
        ? { field: "currency", op: "eq", value: row.currency }
        : { field: "currency", op: "isEmpty" },
      { field: "amount", op: "isNotEmpty" },
    ],
  ),
};

/** Per widget with figures of different records per column: column key → the records behind a cell. */
export const CELL_DRILLS: Record<string, (row: Row, c: DrillContext) => Record<string, Drill | null>> = {
  "team.performance": (row, c) => {
    const user = row.user;
    if (typeof user !== "string") return {};
    const out: Record<string, Drill | null> = {};
    for (const [key, drill] of Object.entries(TEAM)) if (key in row) out[key] = drill(user, row, c);
    return out;
  },
};
