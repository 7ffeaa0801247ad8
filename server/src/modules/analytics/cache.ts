import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { WidgetResult } from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
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

/**
 * The current data version and rollup mark and, when stored for them, the cached result — one round trip. An
 * entry computed from lagging rollups (`rollup_mark` set) is served only while the rollups stand where they were.
 */
export async function lookup(
  db: Database,
  key: string,
): Promise<{ version: number; mark: string; hit: WidgetResult | null }> {
  const r = await sql<{ v: string; mark: string; result: WidgetResult | null; computed_at: Date | null }>`
    select s.data_version as v, m.mark, c.result, c.computed_at
    from analytics_state s cross join (select ${rollupMark} as mark) m
      left join analytics_cache c on c.key = ${key} and c.data_version = s.data_version
        and (c.rollup_mark is null or c.rollup_mark = m.mark)`.execute(db);
  const row = r.rows[0];
  const version = Number(row?.v ?? 0);
  const mark = row?.mark ?? "";
  if (!row?.result || !row.computed_at) return { version, mark, hit: null };
  return { version, mark, hit: { ...row.result, asOf: row.computed_at.toISOString(), exact: false } };
}

export async function cached(db: Database, key: string, version: number): Promise<WidgetResult | null> {
  const r = await sql<{ result: WidgetResult; computed_at: Date }>`
    select result, computed_at from analytics_cache where key = ${key} and data_version = ${version}`.execute(
    db,
  );
  const row = r.rows[0];
  return row ? { ...row.result, asOf: row.computed_at.toISOString(), exact: false } : null;
}

/** Stores an answer for `version`; `mark` (the rollup mark read before computing) when it came from lagging rollups. */
export async function store(
  db: Database,
  key: string,
  version: number,
  result: WidgetResult,
  mark: string | null = null,
): Promise<void> {
  await sql`
    insert into analytics_cache (key, data_version, result, computed_at, rollup_mark)
    values (${key}, ${version}, ${JSON.stringify(result)}::jsonb, ${result.asOf}::timestamptz, ${mark})
    on conflict (key) do update set data_version = excluded.data_version, result = excluded.result,
      computed_at = excluded.computed_at, rollup_mark = excluded.rollup_mark
    where analytics_cache.data_version <= excluded.data_version`.execute(db);
}

/** Drops entries nobody asked for in a day (the nightly job). */
export async function pruneCache(db: Database): Promise<number> {
  const r = await sql`delete from analytics_cache where computed_at < now() - interval '1 day'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
