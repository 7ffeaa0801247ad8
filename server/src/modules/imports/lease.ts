import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";

/**
 * The process lease of a run or dry run: a session advisory lock on (LEASE_KEY, the import) held on a connection
 * the attempt keeps for its whole duration. PostgreSQL drops it the moment that session ends — the worker was
 * killed (kill -9 closes its sockets), crashed or lost the database — so a lease nobody holds proves the holder
 * dead, and its import is taken over at once instead of after the 30 s heartbeat staleness.
 */
export const LEASE_KEY = 4242040;

const key = (importId: string) => sql`${LEASE_KEY}::int, hashtext(${importId}::text)`;

export type LeaseConnection = Kysely<DB>;

/**
 * Runs `fn` on a connection of its own (for other session locks of the attempt), holding the import's lease when
 * it can get it within `waitMs` (`leased`); a live attempt holding it keeps it (e.g. a check being superseded
 * stops at its next batch and lets go).
 */
export async function withLease<T>(
  db: Database,
  importId: string,
  opts: { waitMs: number },
  fn: (lease: { conn: LeaseConnection; leased: boolean }) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const until = Date.now() + opts.waitMs;
    let leased = false;
    for (;;) {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key(importId)}) as ok`.execute(
        conn,
      );
      leased = Boolean(got.rows[0]?.ok);
      if (leased || Date.now() >= until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    try {
      return await fn({ conn, leased });
    } finally {
      if (leased) await sql`select pg_advisory_unlock(${key(importId)})`.execute(conn).catch(() => {});
    }
  });
}

/**
 * Of `importIds` (running or validating), those whose lease nobody holds: their attempt's process is gone. Each
 * is probed by taking and at once releasing the lock on one connection, so a live holder is never disturbed.
 */
export async function orphaned(db: Database, importIds: string[]): Promise<string[]> {
  if (importIds.length === 0) return [];
  return db.connection().execute(async (conn) => {
    const free: string[] = [];
    for (const id of importIds) {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key(id)}) as ok`.execute(conn);
      if (!got.rows[0]?.ok) continue;
      await sql`select pg_advisory_unlock(${key(id)})`.execute(conn);
      free.push(id);
    }
    return free;
  });
}
