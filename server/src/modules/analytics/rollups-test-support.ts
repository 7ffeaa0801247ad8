/** Fixtures of rollups.test.ts: the seeded random sequence, the widgets and reports compared both ways. */
import { BUILTIN_WIDGETS } from "./widgets.js";

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed by its seed. */
export function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ROLLUP_WIDGETS = BUILTIN_WIDGETS.filter((w) =>
  [
    "sales.funnel",
    "sales.forecast",
    "sales.time-in-stage",
    "sales.win-rate",
    "sales.won-revenue",
    "team.performance",
    "activity.channels",
    "activity.teams",
    "channels.sources",
    "channels.revenue",
  ].includes(w.id),
);
export const REPORTS = [
  {
    entity: "deals",
    groupBy: [
      { field: "ownerId", on: "base" },
      { field: "createdAt", on: "base", bucket: "month" },
    ],
    measures: [
      { fn: "sum", field: "amount", on: "base" },
      { fn: "count", on: "base" },
    ],
    chart: "bar",
  },
  {
    entity: "deals",
    groupBy: [{ field: "ownerTeam", on: "base" }],
    measures: [{ fn: "count", on: "base" }],
    chart: "bar",
  },
  {
    entity: "deals",
    groupBy: [
      { field: "stageId", on: "base" },
      { field: "createdAt", on: "base", bucket: "quarter" },
    ],
    measures: [{ fn: "sum", field: "amount", on: "base" }],
    chart: "bar",
  },
  {
    entity: "activities",
    groupBy: [{ field: "occurredAt", on: "base", bucket: "day" }],
    measures: [{ fn: "count", on: "base" }],
    chart: "line",
  },
  {
    entity: "activities",
    groupBy: [
      { field: "kind", on: "base" },
      { field: "occurredAt", on: "base", bucket: "week" },
    ],
    measures: [{ fn: "count", on: "base" }],
    chart: "line",
  },
] as const;

export const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

export function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}
