/**
 * A/B of the built-in widgets and the bench's two reports on a kept data set (`npm run bench -- --keep DIR`):
 * `BENCH_URL=postgres://…/tandem_bench npx tsx bench/analytics-ab.ts direct|rollup [runs]` — the time of each
 * widget's computation (filters + rollup status + its SQL, no cache) as the administrator and a sales manager,
 * reading the records (`direct`) or the daily rollups (`rollup`, once built); `previous`: the statements changed
 * for speed against their previous form, interleaved over N periods, answers checked equal.
 */
import { sql } from "kysely";
import { activityCommunications } from "../src/modules/analytics/activity-repository.js";
import { resolveFilters } from "../src/modules/analytics/filters.js";
import { dealSizePerDeal } from "../src/modules/analytics/previous-queries-test-support.js";
import { rollupView } from "../src/modules/analytics/rollup-repository.js";
import { dealSize } from "../src/modules/analytics/sales-repository.js";
import { BUILTIN_WIDGETS } from "../src/modules/analytics/widgets.js";
import { modules } from "../src/modules/index.js";
import { runReport } from "../src/modules/reports/run.js";
import { isHidden } from "../src/platform/access/fields.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { benchId } from "./generators/types.js";
import { benchWorkspaceCurrency } from "./workspace-currency.js";

installEntities(modules);
installChangeEvents(modules);
const url = process.env.BENCH_URL ?? "";
if (!url) throw new Error("BENCH_URL=postgres://…/tandem_bench");
const db = createDb(createPool(url, 4));
const mode = process.argv[2] ?? "direct";
const N = Number(process.argv[3] ?? 5);

const ids = (
  await sql<{
    a: string;
    m: string;
  }>`select ${sql.raw(benchId("users", "1"))}::text as a, ${sql.raw(benchId("users", "2"))}::text as m`.execute(
    db,
  )
).rows[0]!;
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

if (mode === "previous") {
  // Each changed statement against its previous form (previous-queries-test-support.ts): interleaved over N
  // different 90-day periods, answers checked equal.
  const base = await benchWorkspaceCurrency(db as never);
  const pairs = [["sales.deal-size", dealSize, dealSizePerDeal]] as const;
  for (const [who, uid] of [
    ["admin", ids.a],
    ["manager", ids.m],
  ] as const) {
    const actor = (await actorForUser(db, uid))!;
    for (const [id, now, before] of pairs) {
      const t = { now: [] as number[], before: [] as number[] };
      for (let i = 0; i < N; i++) {
        const f = await resolveFilters(db, actor, { from: day(89 + i * 7), to: day(i * 7) });
        const t0 = performance.now();
        const a = await before(db, actor, f, base);
        const t1 = performance.now();
        const b = await now(db, actor, f, base);
        t.before.push(t1 - t0);
        t.now.push(performance.now() - t1);
        if (JSON.stringify(a) !== JSON.stringify(b))
          throw new Error(`${id} as ${who}: answers differ for ${f.fromDate}`);
      }
      console.log(
        `previous\t${who}\t${id}\tbefore p50 ${med(t.before).toFixed(1)} max ${max(t.before).toFixed(1)}\t` +
          `now p50 ${med(t.now).toFixed(1)} max ${max(t.now).toFixed(1)}\t(${N} periods, answers equal)`,
      );
    }
  }
  await db.destroy();
  process.exit(0);
}
for (const [who, uid] of [
  ["admin", ids.a],
  ["manager", ids.m],
] as const) {
  const actor = (await actorForUser(db, uid))!;
  for (const w of BUILTIN_WIDGETS) {
    if (
      who === "manager" &&
      ![
        "team.performance",
        "activity.channels",
        "sales.won-revenue",
        "sales.funnel",
        "sales.forecast",
        "sales.time-in-stage",
      ].includes(w.id)
    )
      continue;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const filters = await resolveFilters(db, actor, {});
      const rollup = mode === "rollup" ? await rollupView(db, filters.timeZone) : null;
      const out = await w.run({
        db,
        actor,
        filters,
        visible: (e, f) => !isHidden(actor, e, f),
        communicationSources: [activityCommunications],
        rollup,
        workspaceCurrency: await benchWorkspaceCurrency(db as never),
      });
      times.push(performance.now() - t0);
      rows = out.rows.length;
    }
    console.log(
      `${mode}\t${who}\t${w.id}\tp50 ${med(times).toFixed(1)}\tmax ${max(times).toFixed(1)}\trows ${rows}`,
    );
  }
}
for (const [who, uid] of [
  ["admin", ids.a],
  ["manager", ids.m],
] as const) {
  const actor = (await actorForUser(db, uid))!;
  for (const [name, def] of [
    [
      "deals owner×month sum",
      {
        entity: "deals",
        groupBy: [
          { field: "ownerId", on: "base" },
          { field: "createdAt", on: "base", bucket: "month" },
        ],
        measures: [{ fn: "sum", field: "amount", on: "base" }],
        chart: "bar",
      },
    ],
    [
      "activities kind×week count",
      {
        entity: "activities",
        groupBy: [
          { field: "kind", on: "base" },
          { field: "occurredAt", on: "base", bucket: "week" },
        ],
        measures: [{ fn: "count", on: "base" }],
        chart: "line",
      },
    ],
  ] as const) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await runReport(db, actor, def as never, await benchWorkspaceCurrency(db as never));
      times.push(performance.now() - t0);
      rows = r.rows.length;
    }
    console.log(
      `${mode}\t${who}\treport ${name}\tp50 ${med(times).toFixed(1)}\tmax ${max(times).toFixed(1)}\trows ${rows}`,
    );
  }
}
await db.destroy();
