import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { convertedSum } from "../currencies/module.js";
import { type Filters, pipelineFilter } from "./filters.js";
import { ownedBy, ownerIds } from "./rollup-repository.js";
import { type ForecastRow, funnelPipeline, funnelSteps } from "./sales-repository.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The first and the after-last whole UTC day of the period (ms); equal or reversed when it holds none. */
const wholeUtcDays = (f: Filters) =>
  [Math.ceil(f.from.getTime() / DAY) * DAY, Math.floor(f.to.getTime() / DAY) * DAY] as const;

/**
 * Funnel, forecast and time in stage from the per-deal rollups (`deal-rollup-sql.ts`): the same rows, order and
 * text as their direct queries in `sales-repository.ts` (checked against them in `rollups.test.ts`), without
 * probing each deal's stage history or joining the period's stays to the deals.
 */

const scoped = async (db: Database, actor: Actor, f: Filters): Promise<RawBuilder<SqlBool>> =>
  sql<SqlBool>`${ownedBy(await ownerIds(db, actor, "deals", f))} and ${pipelineFilter(f, "r.pipeline_id")}`;

/** Deals created in the period grouped by the stages they entered; each group's furthest open/won stage. */
export async function funnelFromRollup(db: Database, actor: Actor, f: Filters) {
  const [pipelineId, owners] = await Promise.all([funnelPipeline(db, f), ownerIds(db, actor, "deals", f)]);
  if (!pipelineId) return [];
  const inScope = sql<SqlBool>`${ownedBy(owners)} and ${pipelineFilter(f, "r.pipeline_id")}`;
  const [dayFrom, dayTo] = wholeUtcDays(f);
  // Every owner's deals: the period's whole UTC days from the per-day counts, the partial days from the facts.
  const cohort =
    owners === null && dayFrom < dayTo
      ? sql`
        select x.reached, sum(x.n)::int as n from (
          select h.reached, h.n from analytics_funnel_days h
          where h.pipeline_id = ${pipelineId} and h.day >= ${iso(dayFrom)}::date and h.day < ${iso(dayTo)}::date
          union all
          select r.reached, 1 from analytics_deal_facts r
          where r.pipeline_id = ${pipelineId} and ${inScope}
            and ((r.created_at >= ${f.from} and r.created_at < ${iso(dayFrom)}::timestamptz)
              or (r.created_at >= ${iso(dayTo)}::timestamptz and r.created_at < ${f.to}))) x
        group by x.reached having sum(x.n) > 0`
      : sql`
        select r.reached, count(*)::int as n from analytics_deal_facts r
        where r.pipeline_id = ${pipelineId} and r.created_at >= ${f.from} and r.created_at < ${f.to} and ${inScope}
        group by r.reached`;
  const r = await sql<{ stage: string; entered: number }>`
    with cohort as (${cohort}),
    reach as (
      select c.n, (select max(s.position) from pipeline_stages s where s.id = any(c.reached) and s.kind <> 'lost') as pos
      from cohort c)
    select st.id as stage, coalesce(sum(r.n), 0)::int as entered
    from pipeline_stages st left join reach r on r.pos >= st.position
    where st.pipeline_id = ${pipelineId} and st.kind <> 'lost'
    group by st.id, st.position order by st.position`.execute(db);
  return funnelSteps(r.rows);
}

export async function forecastFromRollup(db: Database, actor: Actor, f: Filters, base: string) {
  const amount = convertedSum(base, sql`r.amount`, sql`r.currency`, sql`r.month`);
  const weighted = convertedSum(base, sql`r.weighted`, sql`r.currency`, sql`r.month`);
  const r = await sql<ForecastRow>`
    with m as (select date_trunc('month', now() at time zone ${f.timeZone})::date as start)
    select to_char(r.month, 'YYYY-MM') as month, r.currency, sum(r.deals)::int as deals,
      sum(r.amount)::text as amount, round(sum(r.weighted), 2)::text as weighted,
      ${amount.sum} as "amountConverted", ${weighted.sum} as "weightedConverted", ${amount.missing} as no_rate
    from analytics_forecast_months r, m
    where r.month >= m.start and r.month < m.start + interval '12 months' and ${await scoped(db, actor, f)}
    group by 1, 2 order by 1, 2`.execute(db);
  return r.rows;
}

type StageTimes = { stage: string; count: number; deals: number; median: number; p90: number };

/**
 * Exact median / p90 over the period's stays (one index range of `analytics_stage_stays`), grouped by stage alone
 * before the stages are joined for their order (sorting every stay by pipeline and position cost twice as much).
 * A viewer who reads every owner's deals (no team/person filter) gets the same figures from the histogram.
 */
export async function timeInStageFromRollup(db: Database, actor: Actor, f: Filters): Promise<StageTimes[]> {
  const owners = await ownerIds(db, actor, "deals", f);
  if (owners === null) {
    const fromHistogram = await timeInStageFromHistogram(db, f);
    if (fromHistogram) return fromHistogram;
  }
  const r = await sql<StageTimes>`
    select x.* from (
      select r.stage_id as stage, count(*)::int as count, count(distinct r.deal_id)::int as deals,
        round(percentile_cont(0.5) within group (order by r.seconds))::float8 as median,
        round(percentile_cont(0.9) within group (order by r.seconds))::float8 as p90
      from analytics_stage_stays r
      where r.left_at >= ${f.from} and r.left_at < ${f.to} and ${ownedBy(owners)}
        and ${pipelineFilter(f, "r.pipeline_id")}
      group by r.stage_id) x
    join pipeline_stages s on s.id = x.stage
    order by s.pipeline_id, s.position`.execute(db);
  return r.rows;
}

/**
 * Time in stage of every owner's stays without sorting them: the period's whole UTC days from the per-day
 * histogram (`analytics_stay_days`: stays per stage and length bucket) plus the stays of its partial days, summed
 * per stage and bucket; the ranks percentile_cont interpolates between (⌊q·(n−1)⌋ and ⌈q·(n−1)⌉, q = 0.5 and 0.9)
 * are located in a bucket by the running count, and each is read as the k-th shortest stay of that bucket in the
 * period (`analytics_stage_stays_bucket_idx`) — then the same float8 interpolation and rounding as
 * `percentile_cont`. Distinct deals = stays minus those whose deal's previous stay in the stage is in the period
 * too (`repeat_of`). Null when the period holds no whole UTC day (the plain query is as cheap then).
 */
async function timeInStageFromHistogram(db: Database, f: Filters): Promise<StageTimes[] | null> {
  const [dayFrom, dayTo] = wholeUtcDays(f);
  if (dayFrom >= dayTo) return null;
  const pipeline = (alias: string) => pipelineFilter(f, `${alias}.pipeline_id`);
  const r = await sql<StageTimes>`
    with counts as (
      select x.stage_id, x.bucket, sum(x.n)::float8 as n from (
        select h.stage_id, h.bucket, h.n from analytics_stay_days h
        where h.day >= ${iso(dayFrom)}::date and h.day < ${iso(dayTo)}::date and ${pipeline("h")}
        union all
        select r.stage_id, analytics_stay_bucket(r.seconds), 1 from analytics_stage_stays r
        where ((r.left_at >= ${f.from} and r.left_at < ${iso(dayFrom)}::timestamptz)
          or (r.left_at >= ${iso(dayTo)}::timestamptz and r.left_at < ${f.to})) and ${pipeline("r")}) x
      group by 1, 2 having sum(x.n) > 0),
    cum as (
      select c.stage_id, c.bucket, c.n,
        sum(c.n) over (partition by c.stage_id order by c.bucket) - c.n as before,
        sum(c.n) over (partition by c.stage_id) as total
      from counts c),
    totals as (select distinct stage_id, total from cum),
    ranks as (
      select t.stage_id, t.total, q.q, floor(q.q * (t.total - 1)) as lo, ceil(q.q * (t.total - 1)) as hi
      from totals t cross join (values (0.5::float8), (0.9::float8)) as q(q)),
    positions as (select stage_id, lo as pos from ranks union select stage_id, hi from ranks),
    picked as (
      select p.stage_id, p.pos, v.v
      from positions p
        join cum c on c.stage_id = p.stage_id and p.pos >= c.before and p.pos < c.before + c.n
        cross join lateral (
          select s.seconds::float8 as v from analytics_stage_stays s
          where s.stage_id = p.stage_id and analytics_stay_bucket(s.seconds) = c.bucket
            and s.left_at >= ${f.from} and s.left_at < ${f.to} and ${pipeline("s")}
          order by s.seconds offset (p.pos - c.before)::bigint limit 1) v),
    value as (
      select r.stage_id, r.q,
        case when r.lo = r.hi then lo.v else lo.v + ((r.q * (r.total - 1) - r.lo) * (hi.v - lo.v)) end as v
      from ranks r
        join picked lo on lo.stage_id = r.stage_id and lo.pos = r.lo
        join picked hi on hi.stage_id = r.stage_id and hi.pos = r.hi),
    repeats as (
      select r.stage_id, count(*)::int as n from analytics_stage_stays r
      where r.repeat_of is not null and r.left_at >= ${f.from} and r.left_at < ${f.to}
        and r.repeat_of >= ${f.from} and ${pipeline("r")}
      group by r.stage_id)
    select t.stage_id as stage, t.total::int as count, (t.total - coalesce(rp.n, 0))::int as deals,
      round(m.v)::float8 as median, round(p.v)::float8 as p90
    from totals t
      join value m on m.stage_id = t.stage_id and m.q = 0.5
      join value p on p.stage_id = t.stage_id and p.q = 0.9
      left join repeats rp on rp.stage_id = t.stage_id
      join pipeline_stages s on s.id = t.stage_id
    order by s.pipeline_id, s.position`.execute(db);
  return r.rows;
}
