import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The per-deal rollups (migration `20261207_0550_analytics_deal_rollups`): funnel facts, ended stage stays and
 * the forecast months. Built with the daily rollups and recomputed by the `analytics.rollups` consumer for the
 * deals a batch names, from the records — like the daily ones, a maintained set equals a rebuilt one.
 */

export const DEAL_ROLLUP_TABLES = [
  "analytics_deal_facts",
  "analytics_stage_stays",
  "analytics_stay_days",
  "analytics_funnel_days",
  "analytics_forecast_months",
];

/** `and r.id = any(ids)` for a recomputation, nothing for a build. */
const only = (column: string, ids: string[] | null) =>
  ids ? sql`and ${sql.ref(column)} = any(${ids}::uuid[])` : sql``;

// An open deal with an amount and an expected close date is in the forecast of that date's month.
const forecastable = sql`r.closed_at is null and r.amount is not null and r.expected_close_date is not null`;

interface ForecastKey {
  month: string | null;
  owner: string | null;
  pipeline: string;
  currency: string | null;
  /** The deal's creation day (UTC) and reached stages (`{…}`): its key in `analytics_funnel_days`. */
  day: string;
  reached: string;
}

const funnelKey = sql`(created_at at time zone 'UTC')::date::text as day, reached::text as reached`;

/** Adds the net change of deal facts per funnel key (day × pipeline × reached stages); keys left at 0 go. */
async function applyFunnelDeltas(trx: Db, gone: ForecastKey[], added: ForecastKey[]): Promise<void> {
  const net = new Map<string, { day: string; pipeline: string; reached: string; n: number }>();
  const add = (k: ForecastKey, by: number) => {
    const id = `${k.day}|${k.pipeline}|${k.reached}`;
    const cur = net.get(id) ?? { day: k.day, pipeline: k.pipeline, reached: k.reached, n: 0 };
    cur.n += by;
    net.set(id, cur);
  };
  for (const k of gone) add(k, -1);
  for (const k of added) add(k, 1);
  const list = [...net.values()].filter((k) => k.n !== 0);
  if (!list.length) return;
  const keys = sql`(select k.day, k.pipeline_id, k.reached::uuid[] as reached, k.n from unnest(
    ${list.map((k) => k.day)}::date[], ${list.map((k) => k.pipeline)}::uuid[], ${list.map((k) => k.reached)}::text[],
    ${list.map((k) => k.n)}::int[]) as k(day, pipeline_id, reached, n)) as k`;
  await sql`
    insert into analytics_funnel_days (day, pipeline_id, reached, n)
    select k.day, k.pipeline_id, k.reached, k.n from ${keys}
    on conflict (day, pipeline_id, reached) do update set n = analytics_funnel_days.n + excluded.n`.execute(
    trx,
  );
  await sql`
    delete from analytics_funnel_days h using ${keys}
    where h.n = 0 and h.day = k.day and h.pipeline_id = k.pipeline_id and h.reached = k.reached`.execute(trx);
}

/** Inserts the facts of `ids` (returning their forecast and funnel keys), or of every live deal (a build). */
function insertFacts(ids: string[] | null): RawBuilder<ForecastKey> {
  return sql<ForecastKey>`
    insert into analytics_deal_facts
      (deal_id, owner_id, pipeline_id, created_at, reached, expected_month, currency, amount, weighted)
    select r.id, r.owner_id, r.pipeline_id, r.created_at,
      array(select distinct h.to_stage_id from deal_stage_history h where h.deal_id = r.id order by 1),
      case when ${forecastable} then date_trunc('month', r.expected_close_date)::date end,
      r.currency,
      case when ${forecastable} then r.amount end,
      case when ${forecastable} then r.amount * r.probability / 100.0 end
    from deals r
    where r.deleted_at is null ${only("r.id", ids)}
    ${ids ? sql`returning expected_month::text as month, owner_id as owner, pipeline_id as pipeline, currency, ${funnelKey}` : sql``}`;
}

/** A stay's key in the per-day histogram (`analytics_stay_days`), as `returning` gives it. */
interface StayKey {
  day: string;
  pipeline_id: string;
  stage_id: string;
  bucket: number;
}
const stayKey = sql`(left_at at time zone 'UTC')::date::text as day, pipeline_id, stage_id,
  analytics_stay_bucket(seconds) as bucket`;

// `repeat_of`: the left_at of the deal's previous stay in the same stage (the stays' distinct deals, read side).
const insertStays = (ids: string[] | null) => sql`
  insert into analytics_stage_stays (deal_id, owner_id, pipeline_id, stage_id, left_at, seconds, repeat_of)
  select h.deal_id, d.owner_id, d.pipeline_id, h.to_stage_id, h.left_at, extract(epoch from h.left_at - h.entered_at),
    lag(h.left_at) over (partition by h.deal_id, h.to_stage_id order by h.left_at)
  from deal_stage_history h join deals d on d.id = h.deal_id
  where h.left_at is not null and d.deleted_at is null ${only("d.id", ids)}`;

/** Adds the net change of stays per histogram key (gone: −1, new: +1); keys left at 0 are removed. */
async function applyStayDeltas(trx: Db, gone: StayKey[], added: StayKey[]): Promise<void> {
  const net = new Map<string, StayKey & { n: number }>();
  const add = (k: StayKey, by: number) => {
    const id = `${k.day}|${k.pipeline_id}|${k.stage_id}|${k.bucket}`;
    const cur = net.get(id) ?? { ...k, n: 0 };
    cur.n += by;
    net.set(id, cur);
  };
  for (const k of gone) add(k, -1);
  for (const k of added) add(k, 1);
  const list = [...net.values()].filter((k) => k.n !== 0);
  if (!list.length) return;
  const keys = sql`unnest(${list.map((k) => k.day)}::date[], ${list.map((k) => k.pipeline_id)}::uuid[],
    ${list.map((k) => k.stage_id)}::uuid[], ${list.map((k) => k.bucket)}::int[], ${list.map((k) => k.n)}::int[])
    as k(day, pipeline_id, stage_id, bucket, n)`;
  await sql`
    insert into analytics_stay_days (day, pipeline_id, stage_id, bucket, n)
    select k.day, k.pipeline_id, k.stage_id, k.bucket, k.n from ${keys}
    on conflict (day, pipeline_id, stage_id, bucket) do update set n = analytics_stay_days.n + excluded.n`.execute(
    trx,
  );
  await sql`
    delete from analytics_stay_days h using ${keys}
    where h.n = 0 and h.day = k.day and h.pipeline_id = k.pipeline_id and h.stage_id = k.stage_id
      and h.bucket = k.bucket`.execute(trx);
}

/** The forecast rows aggregated from the facts (`from` names `r`, and `k` when keyed). */
const insertForecast = (from: RawBuilder<unknown>) => sql`
  insert into analytics_forecast_months (month, owner_id, pipeline_id, currency, deals, amount, weighted)
  select r.expected_month, r.owner_id, r.pipeline_id, r.currency, count(*), sum(r.amount), sum(r.weighted)
  from ${from} where r.expected_month is not null
  group by 1, 2, 3, 4`;

/** Recomputes the forecast rows of `keys` (month × owner × pipeline × currency) from the facts. */
async function recomputeForecast(trx: Db, keys: ForecastKey[]): Promise<void> {
  const seen = new Map<string, ForecastKey>();
  for (const k of keys) if (k.month) seen.set(JSON.stringify([k.month, k.owner, k.pipeline, k.currency]), k);
  if (!seen.size) return;
  const list = [...seen.values()];
  const k = sql`(select distinct * from unnest(${list.map((x) => x.month)}::date[], ${list.map((x) => x.owner)}::uuid[],
    ${list.map((x) => x.pipeline)}::uuid[], ${list.map((x) => x.currency)}::text[]) as u(month, owner_id, pipeline_id, currency)) as k`;
  const same = (
    a: string,
    month = "month",
  ) => sql`${sql.ref(`${a}.${month}`)} = k.month and ${sql.ref(`${a}.owner_id`)} is not distinct from k.owner_id
    and ${sql.ref(`${a}.pipeline_id`)} = k.pipeline_id and ${sql.ref(`${a}.currency`)} is not distinct from k.currency`;
  await sql`delete from analytics_forecast_months f using ${k} where ${same("f")}`.execute(trx);
  await insertForecast(sql`${k} join analytics_deal_facts r on ${same("r", "expected_month")}`).execute(trx);
}

/** Recomputes the facts, stays and forecast rows of `ids` (deleted or gone deals lose theirs). */
export async function applyDealRollups(trx: Db, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const old = await sql<ForecastKey>`
    delete from analytics_deal_facts where deal_id = any(${ids}::uuid[])
    returning expected_month::text as month, owner_id as owner, pipeline_id as pipeline, currency, ${funnelKey}`.execute(
    trx,
  );
  const now = await insertFacts(ids).execute(trx);
  const gone = await sql<StayKey>`
    delete from analytics_stage_stays where deal_id = any(${ids}::uuid[]) returning ${stayKey}`.execute(trx);
  const added = await sql<StayKey>`${insertStays(ids)} returning ${stayKey}`.execute(trx);
  await applyStayDeltas(trx, gone.rows, added.rows);
  await applyFunnelDeltas(trx, old.rows, now.rows);
  await recomputeForecast(trx, [...old.rows, ...now.rows]);
}

/** Builds the per-deal rollups of every live deal (in the build's transaction). */
export async function buildDealRollups(trx: Db): Promise<void> {
  for (const table of DEAL_ROLLUP_TABLES) await sql`delete from ${sql.table(table)}`.execute(trx);
  await insertFacts(null).execute(trx);
  await sql`
    insert into analytics_funnel_days (day, pipeline_id, reached, n)
    select (created_at at time zone 'UTC')::date, pipeline_id, reached, count(*)
    from analytics_deal_facts group by 1, 2, 3`.execute(trx);
  await insertStays(null).execute(trx);
  await sql`
    insert into analytics_stay_days (day, pipeline_id, stage_id, bucket, n)
    select (left_at at time zone 'UTC')::date, pipeline_id, stage_id, analytics_stay_bucket(seconds), count(*)
    from analytics_stage_stays group by 1, 2, 3, 4`.execute(trx);
  await insertForecast(sql`analytics_deal_facts r`).execute(trx);
}
