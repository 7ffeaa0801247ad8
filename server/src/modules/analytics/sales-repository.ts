import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { convertedSum, rateOn } from "../currencies/module.js";
import { type Filters, monthOf, ownerFilter, pipelineFilter } from "./filters.js";

/** A won deal's close day in the viewer's zone: the day its amount is converted at. */
const closeDay = (f: Filters) => sql`(d.closed_at at time zone ${f.timeZone})::date`;
/** A won deal's (`d`) amount converted at the rate of its close day (the viewer's zone). */
export const atClose = (base: string, f: Filters) =>
  convertedSum(base, sql`d.amount`, sql`d.currency`, closeDay(f));
/** The rate of a won deal's (`d`) currency on its close day. */
export const rateAtClose = (base: string, f: Filters) => rateOn(base, sql`d.currency`, closeDay(f));
/** An open deal's amount converted at the rate of its expected close month (the latest known for a future one). */
const atMonth = (base: string, amount: RawBuilder<unknown>) =>
  convertedSum(base, amount, sql`d.currency`, sql`date_trunc('month', d.expected_close_date)`);

/**
 * SQL of the sales dashboard. Every query reads deals within the viewer's read scope (`ownerScope`) AND the
 * dashboard's team/person/pipeline filters, over one index range of the period (migration
 * `20261206_2215_analytics_core`). Money is grouped by currency, never added across currencies.
 */
export interface ForecastRow {
  month: string;
  currency: string;
  deals: number;
  amount: string;
  weighted: string;
  amountConverted: string | null;
  weightedConverted: string | null;
  no_rate: boolean;
}

export interface WonRevenueRow {
  month: string;
  currency: string;
  won: number;
  amount: string;
  converted: string | null;
  no_rate: boolean;
}

const deals = (actor: Actor, f: Filters, alias = "d"): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(`${alias}.deleted_at`)} is null
    and ${ownerScope(actor, "deals", "read", `${alias}.owner_id`)}
    and ${ownerFilter(f, `${alias}.owner_id`)} and ${pipelineFilter(f, `${alias}.pipeline_id`)}`;

/** The pipeline a funnel is drawn for: the filter's, else the default one. */
export async function funnelPipeline(db: Database, f: Filters): Promise<string | null> {
  if (f.pipelineId) return f.pipelineId;
  const r = await sql<{ id: string }>`
    select id from pipelines where deleted_at is null order by is_default desc, position, created_at limit 1`.execute(
    db,
  );
  return r.rows[0]?.id ?? null;
}

/**
 * Funnel of the deals created in the period, from their stage history: a deal has reached a stage when it has
 * ever been in it or in a later open/won stage (skipping a stage still passes it). Lost stages are not steps.
 */
export async function funnel(db: Database, actor: Actor, f: Filters) {
  const pipelineId = await funnelPipeline(db, f);
  if (!pipelineId) return [];
  const r = await sql<{ stage: string; entered: number }>`
    with cohort as (
      select d.id from deals d
      where d.created_at >= ${f.from} and d.created_at < ${f.to} and d.pipeline_id = ${pipelineId}
        and ${deals(actor, f)}),
    reach as (
      -- Per cohort deal through the (deal_id) INCLUDE (to_stage_id) index: a seq scan of the whole history
      -- was the planner's choice otherwise (509 ms at 100k under load).
      select c.id as deal_id, r.pos
      from cohort c cross join lateral (
        select max(s.position) as pos from deal_stage_history h
          join pipeline_stages s on s.id = h.to_stage_id and s.kind <> 'lost'
        where h.deal_id = c.id) r
      where r.pos is not null)
    select st.id as stage, count(r.deal_id)::int as entered
    from pipeline_stages st left join reach r on r.pos >= st.position
    where st.pipeline_id = ${pipelineId} and st.kind <> 'lost'
    group by st.id, st.position order by st.position`.execute(db);
  return funnelSteps(r.rows);
}

/** Conversion of each step from the first and from the previous one. */
export function funnelSteps(rows: { stage: string; entered: number }[]) {
  const first = rows[0]?.entered ?? 0;
  return rows.map((row, i) => {
    const previous = i === 0 ? row.entered : (rows[i - 1]?.entered ?? 0);
    return {
      stage: row.stage,
      entered: row.entered,
      conversion: first ? round1((row.entered * 100) / first) : null,
      fromPrevious: previous ? round1((row.entered * 100) / previous) : null,
    };
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Open deals by expected close month from the current month on (12 months), weighted by probability. */
export async function forecast(db: Database, actor: Actor, f: Filters, base: string) {
  const amount = atMonth(base, sql`d.amount`);
  const weighted = atMonth(base, sql`d.amount * d.probability / 100.0`);
  const r = await sql<ForecastRow>`
    with m as (select date_trunc('month', now() at time zone ${f.timeZone})::date as start)
    select to_char(d.expected_close_date, 'YYYY-MM') as month, d.currency, count(*)::int as deals,
      sum(d.amount)::text as amount, round(sum(d.amount * d.probability / 100.0), 2)::text as weighted,
      ${amount.sum} as "amountConverted", ${weighted.sum} as "weightedConverted", ${amount.missing} as no_rate
    from deals d, m
    where d.closed_at is null and d.expected_close_date >= m.start
      and d.expected_close_date < m.start + interval '12 months' and d.amount is not null and ${deals(actor, f)}
    group by 1, 2 order by 1, 2`.execute(db);
  return r.rows;
}

/** Deals closed in the period: won, lost and the win rate per owner. */
export async function winRate(db: Database, actor: Actor, f: Filters) {
  const r = await sql<{ user: string; won: number; lost: number }>`
    select d.owner_id as user, count(*) filter (where s.kind = 'won')::int as won,
      count(*) filter (where s.kind = 'lost')::int as lost
    from deals d join pipeline_stages s on s.id = d.stage_id
    where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null and ${deals(actor, f)}
    group by d.owner_id order by won desc, lost, d.owner_id limit 200`.execute(db);
  return r.rows.map((row) => ({
    ...row,
    winRate: row.won + row.lost ? round1((row.won * 100) / (row.won + row.lost)) : null,
  }));
}

/**
 * Won deals closed in the period per currency: count, average and median amount; and, first, every currency
 * together (`currency` null) in the workspace currency — each amount at the rate of its close day; amounts
 * without a rate are left out of the converted figures (`no_rate` names their currency).
 */
export async function dealSize(db: Database, actor: Actor, f: Filters, base: string) {
  const r = await sql<{
    currency: string | null;
    won: number;
    average: string | null;
    median: string | null;
    averageConverted: string | null;
    medianConverted: string | null;
    no_rate: boolean;
  }>`
    with won as (
      select d.currency, d.amount, ${closeDay(f)} as day
      from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
      where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null
        and d.amount is not null and ${deals(actor, f)}),
    -- One rate per currency and close day (a deal with an amount has a currency), not one probe per deal.
    rates as materialized (
      select k.currency, k.day, ${rateOn(base, sql`k.currency`, sql`k.day`)} as rate
      from (select distinct currency, day from won) k),
    w as (
      select won.currency, won.amount, won.amount * rates.rate as converted
      from won join rates on rates.currency = won.currency and rates.day = won.day)
    select w.currency, count(*)::int as won,
      case when grouping(w.currency) = 0 then round(avg(w.amount), 2)::text end as average,
      case when grouping(w.currency) = 0
        then round(percentile_cont(0.5) within group (order by w.amount)::numeric, 2)::text end as median,
      round(avg(w.converted), 2)::text as "averageConverted",
      round(percentile_cont(0.5) within group (order by w.converted)::numeric, 2)::text as "medianConverted",
      bool_or(w.converted is null) as no_rate
    from w group by grouping sets ((), (w.currency))
    having count(*) > 0
    order by grouping(w.currency) desc, won desc, w.currency`.execute(db);
  return r.rows;
}

/** Sales cycle of deals won in the period: creation to close, in seconds (median, p90, average). */
export async function cycle(db: Database, actor: Actor, f: Filters) {
  const r = await sql<{ won: number; median: number | null; p90: number | null; avg: number | null }>`
    with c as (
      select extract(epoch from d.closed_at - d.created_at) as secs
      from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
      where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null and ${deals(actor, f)})
    select count(*)::int as won,
      round(percentile_cont(0.5) within group (order by secs))::float8 as median,
      round(percentile_cont(0.9) within group (order by secs))::float8 as p90,
      round(avg(secs))::float8 as avg
    from c`.execute(db);
  return r.rows.filter((row) => row.won > 0);
}

/** Stays in a stage that ended in the period: median and 90th percentile per stage, in seconds; the stays' deals. */
export async function timeInStage(db: Database, actor: Actor, f: Filters) {
  const r = await sql<{ stage: string; count: number; deals: number; median: number; p90: number }>`
    select h.to_stage_id as stage, count(*)::int as count, count(distinct h.deal_id)::int as deals,
      round(percentile_cont(0.5) within group (order by extract(epoch from h.left_at - h.entered_at)))::float8 as median,
      round(percentile_cont(0.9) within group (order by extract(epoch from h.left_at - h.entered_at)))::float8 as p90
    from deal_stage_history h join deals d on d.id = h.deal_id
      join pipeline_stages s on s.id = h.to_stage_id
    where h.left_at >= ${f.from} and h.left_at < ${f.to} and h.left_at is not null and ${deals(actor, f)}
    group by h.to_stage_id, s.pipeline_id, s.position order by s.pipeline_id, s.position`.execute(db);
  return r.rows;
}

/** Deals lost in the period by reason. */
export async function lostReasons(db: Database, actor: Actor, f: Filters) {
  const r = await sql<{ reason: string | null; count: number }>`
    select nullif(btrim(d.lost_reason), '') as reason, count(*)::int as count
    from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'lost'
    where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null and ${deals(actor, f)}
    group by 1 order by count desc, reason limit 50`.execute(db);
  return r.rows;
}

/** Won revenue by close month (viewer's time zone) and currency. */
export async function wonRevenue(db: Database, actor: Actor, f: Filters, base: string) {
  const c = atClose(base, f);
  const r = await sql<WonRevenueRow>`
    select ${monthOf(f, "d.closed_at")} as month, d.currency, count(*)::int as won, sum(d.amount)::text as amount,
      ${c.sum} as converted, ${c.missing} as no_rate
    from deals d join pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
    where d.closed_at >= ${f.from} and d.closed_at < ${f.to} and d.closed_at is not null
      and d.amount is not null and ${deals(actor, f)}
    group by 1, 2 order by 1, 2`.execute(db);
  return r.rows;
}
