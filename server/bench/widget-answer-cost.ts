/**
 * Server CPU of a result-cache hit by answer size (issue 14): a team performance answer for N people with its
 * drills (built by the real `COLUMN_DRILLS`; the former per-cell shape `drillCells` expanded from them with
 * `cellDrill`, as it was), served the way the cache used to (node-pg parses the stored jsonb, the runner spreads
 * `asOf`/`exact` in, the route's zod serializer parses and `JSON.stringify`s it) against the stored text sent as
 * is (Fastify only measures a string payload), a miss's serialization, and the client's `JSON.parse` per shape.
 * Process CPU time, alternating rounds, so usable on a loaded machine. PostgreSQL's side is not in it.
 *
 *   npx tsx bench/widget-answer-cost.ts [people=100] [rounds=7]
 */

import { answerTexts } from "../src/modules/analytics/answer-text.js";
import { COLUMN_DRILLS } from "../src/modules/analytics/drill-cells.js";
import type { DrillContext } from "../src/modules/analytics/drill-kit.js";
import type { Filters } from "../src/modules/analytics/filters.js";
import {
  cellDrill,
  type WidgetDrill,
  type WidgetResult,
  widgetResult,
} from "../src/platform/analytics/widget.js";

const people = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 7);
const uuid = (i: number, p: string) => `${p}0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const KEYS = ["calls", "callsAnswered", "talkTime", "meetings", "emails", "tasksDone", "tasksOverdue"];
const MORE = ["dealsCreated", "dealsWon", "dealsLost", "revenue"];

function teamAnswer(n: number): WidgetResult {
  const f = { from: new Date("2026-09-08T21:00:00Z"), to: new Date("2026-12-07T21:00:00Z") } as Filters;
  const c: DrillContext = {
    f,
    owner: [],
    stages: { won: [uuid(1, "s")], lost: [uuid(2, "s")], open: [uuid(3, "s"), uuid(4, "s")] },
    allStages: [],
    members: new Map(),
    sources: [],
  };
  const rows = Array.from({ length: n }, (_, i) => {
    const row: Record<string, string | number | null> = { user: uuid(i, "a"), team: uuid(i % 10, "b") };
    for (const k of [...KEYS, ...MORE]) row[k] = (i * 37 + k.length) % 500;
    row.responseTime = 3600 + i;
    row.revenue = `${i * 1000}.00`;
    row.currency = "RUB";
    row.revenueConverted = `${i * 1000}.00`;
    row.workspaceCurrency = "RUB";
    return row;
  });
  const drillColumns: Record<string, WidgetDrill> = {};
  const keys = new Set(Object.keys(rows[0] ?? {}));
  for (const [k, d] of Object.entries(COLUMN_DRILLS["team.performance"]?.(keys, c) ?? {}))
    drillColumns[k] = d && { entity: d.entity, filter: { and: d.parts } };
  const labels = { user: Object.fromEntries(rows.map((r, i) => [String(r.user), `Person ${i}`])) };
  return {
    columns: Object.keys(rows[0] ?? {}).map((key) => ({ key, type: "number" as const })),
    rows,
    chart: { type: "bar", x: "user", y: ["calls"] },
    asOf: new Date().toISOString(),
    exact: true,
    notices: [],
    labels,
    drillColumns,
  };
}

const answer = teamAnswer(people);
const { drillColumns, ...rest } = answer;
// The answer as it was before drillColumns: a filter per row and column.
const perCell = {
  ...rest,
  drillCells: answer.rows.map((row) =>
    Object.fromEntries(Object.keys(drillColumns ?? {}).map((k) => [k, cellDrill(drillColumns, row, k)])),
  ),
};
const stored = JSON.stringify(perCell);
const shrunk = answerTexts(answer).cached;
const oldSchema = widgetResult.extend({
  drillCells: widgetResult.shape.drillColumns.unwrap().array().optional(),
});
const variants: Record<string, () => unknown> = {
  // node-pg's jsonb parser, the runner's spread, fastify-type-provider-zod's serializer.
  "hit before (per-cell drills; parse + zod + stringify)": () =>
    JSON.stringify(oldSchema.parse({ ...JSON.parse(stored), asOf: answer.asOf, exact: false })),
  "hit, text as is (per-cell drills)": () => Buffer.byteLength(stored),
  "hit, text as is (drillColumns)": () => Buffer.byteLength(shrunk),
  "miss serialization before (store + route, per-cell)": () => [
    JSON.stringify(perCell),
    JSON.stringify(oldSchema.parse(perCell)),
  ],
  "miss serialization after (drillColumns)": () => answerTexts(answer),
  "client JSON.parse (per-cell drills)": () => JSON.parse(stored),
  "client JSON.parse (drillColumns)": () => JSON.parse(shrunk),
};
const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const per = 20;
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < per; i++) run();
    const c = process.cpuUsage(c0);
    results[name]?.push((c.user + c.system) / per / 1000);
  }
}
const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
console.log(`team performance, ${people} people: per-cell drills ${kb(stored)}, drillColumns ${kb(shrunk)}`);
for (const [name, ms] of Object.entries(results)) {
  const s = [...ms].sort((a, b) => a - b);
  console.log(`${name}: min ${s[0]?.toFixed(3)} ms, median ${s[Math.floor(s.length / 2)]?.toFixed(3)} ms`);
}
