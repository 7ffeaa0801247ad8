import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { convertedSum } from "../currencies/module.js";
import { type Filters, pipelineFilter } from "./filters.js";
import { ownedBy, ownerIds } from "./rollup-repository.js";
import { type ForecastRow, funnelPipeline, funnelSteps } from "./sales-repository.js";

/**
 * Funnel, forecast and time in stage from the per-deal rollups (`deal-rollup-sql.ts`): the same rows, order and
 * text as their direct queries in `sales-repository.ts` (checked against them in `rollups.test.ts`), without
 * probing each deal's stage history or joining the period's stays to the deals.
 */

const scoped = async (db: Database, actor: Actor, f: Filters): Promise<RawBuilder<SqlBool>> =>
  sql<SqlBool>`${ownedBy(await ownerIds(db, actor, "deals", f))} and ${pipelineFilter(f, "r.pipeline_id")}`;

/** Deals created in the period grouped by the stages they entered; each group's furthest open/won stage. */
export async function funnelFromRollup(db: Database, actor: Actor, f: Filters) {
  const [pipelineId, inScope] = await Promise.all([funnelPipeline(db, f), scoped(db, actor, f)]);
  if (!pipelineId) return [];
  const r = await sql<{ stage: string; entered: number }>`
    with cohort as (
      select r.reached, count(*)::int as n from analytics_deal_facts r
      where r.pipeline_id = ${pipelineId} and r.created_at >= ${f.from} and r.created_at < ${f.to} and ${inScope}
      group by r.reached),
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

/**
 * Exact median / p90 over the period's stays (one index range of `analytics_stage_stays`), grouped by stage alone
 * before the stages are joined for their order (sorting every stay by pipeline and position cost twice as much).
 */
export async function timeInStageFromRollup(db: Database, actor: Actor, f: Filters) {
  const r = await sql<{ stage: string; count: number; deals: number; median: number; p90: number }>`
    select x.* from (
      select r.stage_id as stage, count(*)::int as count, count(distinct r.deal_id)::int as deals,
        round(percentile_cont(0.5) within group (order by r.seconds))::float8 as median,
        round(percentile_cont(0.9) within group (order by r.seconds))::float8 as p90
      from analytics_stage_stays r
      where r.left_at >= ${f.from} and r.left_at < ${f.to} and ${await scoped(db, actor, f)}
      group by r.stage_id) x
    join pipeline_stages s on s.id = x.stage
    order by s.pipeline_id, s.position`.execute(db);
  return r.rows;
}
