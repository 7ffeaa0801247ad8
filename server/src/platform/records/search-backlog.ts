import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import type { JobQueue } from "../jobs/queue.js";

/**
 * Deferred fuzzy-search indexing, for every bulk writer (imports today; the 1C exchange and campaigns the same
 * way when they exist; a merge writes at most 21 records, so it indexes at once). Each searchable table (an
 * entity with `capabilities.search`) has `search_pending boolean`, and its fuzzy-search indexes (trigram, full
 * text) are partial on `NOT search_pending` (migration `20261207_0240_search_deferred_indexing`). A bulk writer:
 *
 *  1. holds `holdBulkWrite(conn)` (a shared session advisory lock) on a connection of its own while it writes,
 *     so the catch-up waits until it is done — and a writer killed with -9 releases it with its session;
 *  2. writes its rows with `search_pending: true` (`SEARCH_PENDING`): they skip the fuzzy indexes and the name
 *     duplicate key (`duplicate-keys.ts`), while the exact ones (e-mails, phones, tax ids, tags, b-trees, their
 *     duplicate keys) are written at once, so duplicate checks stay exact;
 *  3. when done, releases the lock and asks for `search.catch-up` (the search module's job; a cron runs it every
 *     minute and at start-up too, so a writer that died leaves nothing behind for long).
 *
 * Until caught up, global search and fuzzy duplicate hints do not see the pending rows (`searchIndexed`), and
 * list filters still do, reading them beside the index (`fuzzyFilter`). `searchBacklog` says how many wait.
 */

/** The job the search module runs (`modules/search/catch-up.ts`); bulk writers ask for it when done. */
export const CATCH_UP_JOB = "search.catch-up";

/** Queues a catch-up (two at once share the work: each batch skips the rows another one holds). */
export async function requestSearchCatchUp(jobs: JobQueue): Promise<void> {
  await jobs.send(CATCH_UP_JOB, {});
}

/** The column value a deferring bulk writer stores. */
export const SEARCH_PENDING = { search_pending: true } as const;

/** Shared by bulk writers, exclusive for one catch-up batch (advisory lock key; unique within the app). */
const BULK_WRITE_LOCK = 4242031;

/** Rows the catch-up marks indexed per transaction (each is one UPDATE entering them into the indexes). */
export const CATCH_UP_BATCH = 2000;

type Conn = Kysely<DB> | Transaction<DB>;

/** A bulk writer starts deferring: call on a connection it keeps for the whole write (session lock). */
export async function holdBulkWrite(conn: Conn): Promise<void> {
  await sql`select pg_advisory_lock_shared(${BULK_WRITE_LOCK})`.execute(conn);
}

export async function releaseBulkWrite(conn: Conn): Promise<void> {
  await sql`select pg_advisory_unlock_shared(${BULK_WRITE_LOCK})`.execute(conn);
}

/** Search (and fuzzy duplicate hints) match indexed rows only: `alias` not pending. */
export function searchIndexed(alias: string): RawBuilder<boolean> {
  return sql<boolean>`not ${sql.ref(`${alias}.search_pending`)}`;
}

/**
 * A filter condition over a fuzzy-indexed expression that must hold for every row, pending or not: the
 * indexed rows through the partial index, the pending ones through `<table>_search_pending` (no rows once
 * caught up). Both arms carry the flag so the planner can prove each partial index's predicate.
 */
export function fuzzyFilter(alias: string, cond: RawBuilder<unknown>): RawBuilder<boolean> {
  const pending = sql.ref(`${alias}.search_pending`);
  return sql<boolean>`((not ${pending} and ${cond}) or (${pending} and ${cond}))`;
}

/**
 * One catch-up batch of `table` in its own transaction: up to `limit` pending rows become indexed. Returns
 * the number of rows, or null when a bulk writer is still writing (the catch-up then waits for it).
 */
export async function catchUpBatch(
  db: Kysely<DB>,
  table: string,
  limit = CATCH_UP_BATCH,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const free = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_xact_lock(${BULK_WRITE_LOCK}) as ok`.execute(trx);
    if (!free.rows[0]?.ok) return null;
    const t = sql.table(table);
    const res = await sql`update ${t} set search_pending = false
      where id in (select id from ${t} where search_pending limit ${limit} for update skip locked)`.execute(
      trx,
    );
    return Number(res.numAffectedRows ?? 0);
  });
}

/** Rows of each table still waiting for their fuzzy-search entries (only tables with any). */
export async function searchBacklog(db: Conn, tables: readonly string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const parts = tables.map(
    (t) => sql`select ${t}::text as t, count(*)::int as n from ${sql.table(t)} where search_pending`,
  );
  const res = await sql<{ t: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(res.rows.filter((r) => r.n > 0).map((r) => [r.t, r.n]));
}

/** Whether `table` has rows waiting (an index probe on the pending rows' partial index). */
export async function searchPending(db: Conn, table: string): Promise<boolean> {
  const res = await sql<{
    any: boolean;
  }>`select exists (select 1 from ${sql.table(table)} where search_pending) as any`.execute(db);
  return Boolean(res.rows[0]?.any);
}
