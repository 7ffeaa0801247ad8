import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { defaultCurrencySetting } from "../currencies/module.js";
import { type AnalyticsQuery, type PeriodRow, periodSql } from "./filters.js";
import { ROLLUP_CONSUMER } from "./rollups.js";

/**
 * The result cache: a widget's answer is stored under a key of its query, the viewer's scope (scopes, ids and
 * hidden fields that shape the figures) and the data version — the count of change-event batches the
 * `analytics.data-version` consumer has taken. Any committed business write advances the version, so an
 * entry can only be served for the data it was computed from (or newer data not yet delivered: those answers
 * say `exact: false`, "as of" their computation). It lives in PostgreSQL: every server process shares it.
 */
export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

export async function dataVersion(db: Database): Promise<number> {
  const r = await sql<{ v: string }>`select data_version as v from analytics_state`.execute(db);
  return Number(r.rows[0]?.v ?? 0);
}

/**
 * How far the rollups are: the `analytics.rollups` consumer's cursor and the build times. It changes whenever
 * the rollups apply a batch or are (re)built — what a lagging answer ("as of") depends on besides the data.
 */
const rollupMark = sql<string>`concat_ws('/',
  (select position from change_consumers where name = ${ROLLUP_CONSUMER}),
  (select built_at from analytics_rollup_state), (select max(built_at) from analytics_rollup_zones))`;

/** A widget's resolved period, the stored default-currency setting, its cache key and the cache's answer. */
export interface WidgetLookup {
  period: PeriodRow;
  /** `defaultCurrencySetting`'s value (null when unset). */
  setting: unknown;
  key: string;
  version: number;
  mark: string;
  /** The stored answer's JSON text (`exact: false`, as of its computation), sent as is; null on a miss. */
  hit: string | null;
}

/**
 * The warm path in one round trip: resolves the period in the viewer's zone (`periodSql`), reads the workspace
 * currency's setting, keys the entry by sha256 of `prefix` (everything else that shapes the answer, hashed in
 * Node) with the resolved zone and days and the setting, and looks it up as `lookup` does.
 */
export async function lookupWidget(
  db: Database,
  actor: Actor,
  q: AnalyticsQuery,
  prefix: string,
): Promise<WidgetLookup> {
  const r = await sql<PeriodRow & { setting: unknown; key: string; v: string | null; mark: string }>`
    with p as (select p.*, ${defaultCurrencySetting} as setting from (${periodSql(actor, q)}) p),
    k as (select p.*, encode(sha256(convert_to(concat_ws('|', ${prefix}::text, p.tz, p.from_date, p.to_date,
      p.setting::text), 'UTF8')), 'hex') as key from p)
    select k.*, s.data_version as v, m.mark, c.body
    from k left join analytics_state s on true cross join (select ${rollupMark} as mark) m
      left join analytics_cache c on c.key = k.key and c.data_version = s.data_version
        and (c.rollup_mark is null or c.rollup_mark = m.mark)`.execute(db);
  const row = r.rows[0] as
    | (PeriodRow & {
        setting: unknown;
        key: string;
        v: string | null;
        mark: string;
        body: string | null;
      })
    | undefined;
  if (!row) throw new Error("no period");
  const { setting, key, v, mark, body, ...period } = row;
  return { period, setting, key, version: Number(v ?? 0), mark: mark ?? "", hit: body };
}

/**
 * Stores an answer's text as a hit sends it (`answerTexts(…).cached`) for `version`, computed at `asOf`; `mark`
 * (the rollup mark read before computing) when it came from lagging rollups.
 */
export async function store(
  db: Database,
  key: string,
  version: number,
  answer: { body: string; asOf: string },
  mark: string | null = null,
): Promise<void> {
  await sql`
    insert into analytics_cache (key, data_version, body, computed_at, rollup_mark)
    values (${key}, ${version}, ${answer.body}, ${answer.asOf}::timestamptz, ${mark})
    on conflict (key) do update set data_version = excluded.data_version, body = excluded.body,
      computed_at = excluded.computed_at, rollup_mark = excluded.rollup_mark
    where analytics_cache.data_version <= excluded.data_version`.execute(db);
}

/** Drops entries nobody asked for in a day (the nightly job). */
export async function pruneCache(db: Database): Promise<number> {
  const r = await sql`delete from analytics_cache where computed_at < now() - interval '1 day'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
