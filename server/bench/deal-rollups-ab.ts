/**
 * A/B of time in stage on a kept data set (`npm run bench -- --keep DIR`):
 * `BENCH_URL=postgres://…/tandem_bench npx tsx bench/deal-rollups-ab.ts [runs]` — as the administrator, over
 * 90-day periods: the sort of every stay of the period (`percentile_cont` over `analytics_stage_stays`, before)
 * against the histogram (`analytics_stay_days`, after), and the funnel from every deal fact of the period against
 * the per-day counts (`analytics_funnel_days`), interleaved; both answers must be equal.
 */
import { sql } from "kysely";
import { funnelFromRollup, timeInStageFromRollup } from "../src/modules/analytics/deal-rollup-widgets.js";
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
const funnelBefore: number[] = [];
const funnelAfter: number[] = [];
const pipelineId = (
  await sql<{
    id: string;
  }>`select id from pipelines where deleted_at is null order by is_default desc, position, created_at limit 1`.execute(
    db,
  )
).rows[0]!.id;
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
  t0 = performance.now();
  const oldFunnel = await sql<{ stage: string; entered: number }>`
    with cohort as (
      select r.reached, count(*)::int as n from analytics_deal_facts r
      where r.pipeline_id = ${pipelineId} and r.created_at >= ${f.from} and r.created_at < ${f.to}
      group by r.reached),
    reach as (
      select c.n, (select max(s.position) from pipeline_stages s where s.id = any(c.reached) and s.kind <> 'lost') as pos
      from cohort c)
    select st.id as stage, coalesce(sum(r.n), 0)::int as entered
    from pipeline_stages st left join reach r on r.pos >= st.position
    where st.pipeline_id = ${pipelineId} and st.kind <> 'lost'
    group by st.id, st.position order by st.position`.execute(db);
  funnelBefore.push(performance.now() - t0);
  t0 = performance.now();
  const newFunnel = await funnelFromRollup(db, actor, f);
  funnelAfter.push(performance.now() - t0);
  if (
    JSON.stringify(oldFunnel.rows.map((r) => r.entered)) !== JSON.stringify(newFunnel.map((r) => r.entered))
  )
    throw new Error(`funnel differs: ${JSON.stringify([oldFunnel.rows, newFunnel])}`);
}
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(1)} p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} max ${s.at(-1)!.toFixed(1)}`;
};
console.log(`time in stage (admin, 90 days, ${N} periods): before ${stat(before)} | after ${stat(after)} ms`);
console.log(
  `funnel (admin, 90 days, ${N} periods): before ${stat(funnelBefore)} | after ${stat(funnelAfter)} ms`,
);
process.exit(0);
