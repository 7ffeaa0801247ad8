/**
 * A/B of time in stage on a kept data set (`npm run bench -- --keep DIR`):
 * `BENCH_URL=postgres://…/tandem_bench npx tsx bench/time-in-stage-ab.ts [runs]` — as the administrator, over
 * 90-day periods: the sort of every stay of the period (`percentile_cont` over `analytics_stage_stays`, before)
 * against the histogram (`analytics_stay_days`, after), interleaved; both answers must be equal.
 */
import { sql } from "kysely";
import { timeInStageFromRollup } from "../src/modules/analytics/deal-rollup-widgets.js";
import { resolveFilters } from "../src/modules/analytics/filters.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { benchId } from "./generators/types.js";

installEntities(modules);
installChangeEvents(modules);
const url = process.env.BENCH_URL ?? "";
if (!url) throw new Error("BENCH_URL=postgres://…/tandem_bench");
const db = createDb(createPool(url, 2));
const N = Number(process.argv[2] ?? 7);
const admin = (await sql<{ a: string }>`select ${sql.raw(benchId("users", "1"))}::text as a`.execute(db))
  .rows[0]!.a;
const actor = (await actorForUser(db, admin))!;
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
const before: number[] = [];
const after: number[] = [];
for (let i = 0; i < N; i++) {
  const f = await resolveFilters(db, actor, { from: day(89 + i * 7), to: day(i * 7) });
  let t0 = performance.now();
  const old = await sql`
    select x.* from (
      select r.stage_id as stage, count(*)::int as count, count(distinct r.deal_id)::int as deals,
        round(percentile_cont(0.5) within group (order by r.seconds))::float8 as median,
        round(percentile_cont(0.9) within group (order by r.seconds))::float8 as p90
      from analytics_stage_stays r where r.left_at >= ${f.from} and r.left_at < ${f.to}
      group by r.stage_id) x
    join pipeline_stages s on s.id = x.stage order by s.pipeline_id, s.position`.execute(db);
  before.push(performance.now() - t0);
  t0 = performance.now();
  const now = await timeInStageFromRollup(db, actor, f);
  after.push(performance.now() - t0);
  if (JSON.stringify(old.rows) !== JSON.stringify(now))
    throw new Error(`differ: ${JSON.stringify([old.rows, now])}`);
}
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(1)} p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} max ${s.at(-1)!.toFixed(1)}`;
};
console.log(`time in stage (admin, 90 days, ${N} periods): before ${stat(before)} | after ${stat(after)} ms`);
process.exit(0);
