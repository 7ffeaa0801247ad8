import { activityCommunications } from "../../src/modules/analytics/activity-repository.js";
import { resolveFilters } from "../../src/modules/analytics/filters.js";
import { rollupView } from "../../src/modules/analytics/rollup-repository.js";
import { BUILTIN_WIDGETS, type BuiltinWidget } from "../../src/modules/analytics/widgets.js";
import { isHidden } from "../../src/platform/access/fields.js";
import { serviceFloor } from "../capture.js";
import { backendPids, cpuMeasurable, processCpuUs } from "../cpu.js";
import { slowestStatement } from "../explain.js";
import { benchWorkspaceCurrency } from "../workspace-currency.js";
import type { BenchContext, Case, Metric, Scenario } from "./types.js";

const WARM = { p95Ms: 30 };
const COLD_P95_MS = 300;
const COLD_SAMPLES = 12;

/** The SQL a widget computes with (no cache), as `userId`: the floor a cold request cannot beat. */
async function computeFloor(
  ctx: BenchContext,
  widget: BuiltinWidget,
  userId: string,
  query: Record<string, string>,
) {
  return serviceFloor(
    ctx.pool,
    ctx.db,
    userId,
    async (db, rctx) => {
      const filters = await resolveFilters(db as never, rctx.actor, query);
      return widget.run({
        db: db as never,
        actor: rctx.actor,
        filters,
        visible: (e, f) => !isHidden(rctx.actor, e, f),
        communicationSources: [activityCommunications],
        rollup: await rollupView(db as never, filters.timeZone),
        workspaceCurrency: await benchWorkspaceCurrency(db as never),
      });
    },
    { transaction: false },
  );
}

const pad = (n: number) => String(n).padStart(2, "0");
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** A period of 90 days ending `back` days ago: a new cache key per `back`, so the answer is computed. */
function period(back: number) {
  const to = new Date(Date.now() - back * 86_400_000);
  const from = new Date(to.getTime() - 89 * 86_400_000);
  return { from: day(from), to: day(to) };
}

function p95(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Built-in dashboard widgets over the whole data set (last 90 days): warm (the shared result cache; HTTP loop)
 * against the SQL that computes the widget (its floor: the cold cost), as the administrator and — for the
 * heaviest — as a sales manager; then cold HTTP p95 per widget over periods never asked before, and the sales
 * dashboard's nine widgets requested at once as the browser does.
 */
export const analytics: Scenario = {
  name: "analytics",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/analytics/sales/funnel")) return "no analytics routes";
    return (ctx.rows.deals ?? 0) > 0 ? null : "no deals loaded";
  },
  prepare: async (ctx) => {
    const cases: Case[] = [];
    for (const w of BUILTIN_WIDGETS) {
      cases.push({
        name: `${w.id} warm (admin)`,
        request: { path: w.path, headers: ctx.auth },
        sql: await computeFloor(ctx, w, ctx.adminId, {}),
        target: WARM,
      });
    }
    for (const id of [
      "sales.funnel",
      "sales.won-revenue",
      "team.performance",
      "sales.time-in-stage",
      "sales.deal-size",
    ]) {
      const w = BUILTIN_WIDGETS.find((x) => x.id === id) as BuiltinWidget;
      cases.push({
        name: `${w.id} warm (sales manager)`,
        request: { path: w.path, headers: ctx.managerAuth },
        sql: await computeFloor(ctx, w, ctx.ownerId, {}),
        target: WARM,
      });
    }
    return cases;
  },
  measure: async (ctx): Promise<Metric[]> => {
    const metrics: Metric[] = [];
    const samples = ctx.quick ? 3 : COLD_SAMPLES;
    const timed = async (path: string, headers: Record<string, string>) => {
      const t0 = performance.now();
      const res = await fetch(`${ctx.baseUrl}${path}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t0;
    };
    // CPU of the server process and the database's backends around a widget's cold requests (one at a time).
    const cpuNow = async () => {
      if (!ctx.serverPid || !cpuMeasurable()) return null;
      const pids = await backendPids(ctx.pool);
      const pg = new Map(pids.map((p) => [p, processCpuUs(p)]));
      return { server: processCpuUs(ctx.serverPid), pg };
    };
    const cpuSince = async (t0: Awaited<ReturnType<typeof cpuNow>>, n: number) => {
      if (!t0 || !ctx.serverPid || t0.server === null) return null;
      const server = processCpuUs(ctx.serverPid);
      let pgUs = 0;
      for (const pid of await backendPids(ctx.pool)) {
        const now = processCpuUs(pid);
        if (now !== null) pgUs += now - (t0.pg.get(pid) ?? 0);
      }
      if (server === null) return null;
      const ms = (us: number) => Math.round(us / n / 100) / 10;
      return { server: ms(server - t0.server), postgres: ms(pgUs) };
    };
    // Periods ending 1, 2, 3 … days ago: inside the data set (two years), each a new cache key. A kept data set
    // still holds the answers an earlier run stored for the same periods (nothing moved the data version since):
    // they are dropped, or the "cold" requests would be cache hits.
    await ctx.pool.query("delete from analytics_cache");
    let back = 1;
    const sales = BUILTIN_WIDGETS.filter((w) => w.dashboard === "sales");
    for (const [who, headers] of [
      ["admin", ctx.auth],
      ["sales manager", ctx.managerAuth],
    ] as const) {
      for (const w of BUILTIN_WIDGETS) {
        const times: number[] = [];
        const cpu0 = await cpuNow();
        for (let i = 0; i < samples; i++) {
          times.push(await timed(`${w.path}?${new URLSearchParams(period(back++))}`, headers));
        }
        const cpu = await cpuSince(cpu0, samples);
        metrics.push({
          name: `${w.id} cold p95 (${who})`,
          value: Math.round(p95(times)),
          unit: "ms",
          target: { max: COLD_P95_MS },
          ...(cpu ? { note: `CPU per request: server ${cpu.server} ms, PostgreSQL ${cpu.postgres} ms` } : {}),
        });
      }
      const whole: number[] = [];
      for (let i = 0; i < samples; i++) {
        const q = new URLSearchParams(period(back++));
        const t0 = performance.now();
        await Promise.all(sales.map((w) => timed(`${w.path}?${q}`, headers)));
        whole.push(performance.now() - t0);
      }
      metrics.push({
        name: `sales dashboard, ${sales.length} widgets at once, cold p95 (${who})`,
        value: Math.round(p95(whole)),
        unit: "ms",
        note: "the browser's first paint adds the page's scripts and ECharts",
      });
      // The same dashboard again: every widget a cache hit (the warm first paint's API part).
      const again: number[] = [];
      for (let i = 0; i < samples; i++) {
        const q = new URLSearchParams(period(back - 1));
        const t0 = performance.now();
        await Promise.all(sales.map((w) => timed(`${w.path}?${q}`, headers)));
        again.push(performance.now() - t0);
      }
      metrics.push({
        name: `sales dashboard, ${sales.length} widgets at once, warm p95 (${who})`,
        value: Math.round(p95(again)),
        unit: "ms",
      });
    }
    // The plans of the heaviest widgets' slowest statements (for docs/PERFORMANCE.md).
    for (const id of ["sales.funnel", "sales.time-in-stage", "team.performance", "sales.forecast"]) {
      const w = BUILTIN_WIDGETS.find((x) => x.id === id) as BuiltinWidget;
      const slowest = await slowestStatement(ctx.pool, await computeFloor(ctx, w, ctx.adminId, {}));
      if (slowest) ctx.log(`EXPLAIN ${id} (${slowest.ms} ms):\n${slowest.plan.join("\n")}`);
    }
    return metrics;
  },
};
