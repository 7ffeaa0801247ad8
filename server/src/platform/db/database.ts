import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { preparingPool } from "./prepared.js";
import type { DB } from "./schema.js";

// Return BIGINT counts and NUMERIC money as strings (never floats); dates stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Database = Kysely<DB>;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Logged by callers through readiness checks.
  });
  return pool;
}

/**
 * Kysely on `pool`; statements it repeats outside transactions are sent prepared (see prepared.ts) unless
 * `DATABASE_PREPARED_STATEMENTS=false` (a pooler in transaction mode that cannot keep them); every statement passes
 * the write gate (write-gate.ts).
 */
export function createDb(
  pool: pg.Pool,
  prepare = process.env.DATABASE_PREPARED_STATEMENTS !== "false",
): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool, prepare) }) });
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
