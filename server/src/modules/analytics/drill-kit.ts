import type { Cell, CommunicationSource } from "../../platform/analytics/widget.js";
import { zonedInstant } from "../../platform/calendar/business-time.js";
import type { Filters } from "./filters.js";

/**
 * The pieces drill-down definitions are made of: list-grammar conditions (`{field, op, value}`) for periods,
 * stage kinds, currencies and owners, built from a widget row and the dashboard's filters.
 */
export type Node = Record<string, unknown>;
export type Row = Record<string, Cell>;
/** The list grammar's `in` stays short: a set of more ids than this has no drill-down. */
export const MAX_IN = 100;

export interface Stage {
  id: string;
  kind: string;
  pipeline_id: string;
}

export interface DrillContext {
  f: Filters;
  /** The dashboard's owner filter as list conditions; null when the list cannot express it. */
  owner: Node[] | null;
  /** Stage ids per kind (of the filter's pipeline, else of all). */
  stages: { won: string[]; lost: string[]; open: string[] };
  /** Every stage (its pipeline), for the funnel. */
  allStages: Stage[];
  /** Members per team id (for team rows and team targets). */
  members: Map<string, string[]>;
  /** Where communications come from (activities and other modules' channels), each saying its own drill. */
  sources: readonly CommunicationSource[];
}

/** A drill: the entity and its conditions (null = not expressible); `owners: true` = owner handled here. */
export interface Drill {
  entity: string;
  parts: (Node | null)[];
  owners?: boolean;
}

export const eqOrEmpty = (field: string, v: Cell): Node =>
  v === null || v === "" ? { field, op: "isEmpty" } : { field, op: "eq", value: v };

export const period = (field: string, from: Date, to: Date): Node[] => [
  { field, op: "gte", value: from.toISOString() },
  { field, op: "lt", value: to.toISOString() },
];

export const inList = (field: string, ids: string[]): Node | null =>
  ids.length && ids.length <= MAX_IN ? { field, op: "in", value: ids } : null;
export const inStages = (ids: string[]): Node | null => inList("stageId", ids);

export const pipeline = (f: Filters): Node[] =>
  f.pipelineId ? [{ field: "pipelineId", op: "eq", value: f.pipelineId }] : [];

const dateParts = (v: Cell, re: RegExp) => (typeof v === "string" ? re.exec(v) : null);

/** A `YYYY-MM` month of the viewer's zone as instants (cut to the dashboard period unless `whole`). */
export function monthPeriod(month: Cell, f: Filters, whole = false): { from: Date; to: Date } | null {
  const m = dateParts(month, /^(\d{4})-(\d{2})$/);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = zonedInstant(y, mo, 1, 0, 0, f.timeZone);
  const end = zonedInstant(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1, 0, 0, f.timeZone);
  return whole ? { from: start, to: end } : cut({ from: start, to: end }, f);
}

const cut = (p: { from: Date; to: Date }, f: Filters) => ({
  from: new Date(Math.max(p.from.getTime(), f.from.getTime())),
  to: new Date(Math.min(p.to.getTime(), f.to.getTime())),
});

/** A bucket (`YYYY-MM-DD` start of a day, ISO week or month of the viewer's zone), cut to the period. */
export function bucketPeriod(bucket: Cell, f: Filters): { from: Date; to: Date } | null {
  const m = dateParts(bucket, /^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const next = new Date(Date.UTC(y, mo - 1, d));
  if (f.bucket === "day") next.setUTCDate(d + 1);
  else if (f.bucket === "week") next.setUTCDate(d + 7);
  else next.setUTCMonth(mo);
  const at = (x: Date) =>
    zonedInstant(x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate(), 0, 0, f.timeZone);
  return cut({ from: at(new Date(Date.UTC(y, mo - 1, d))), to: at(next) }, f);
}

export const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};
