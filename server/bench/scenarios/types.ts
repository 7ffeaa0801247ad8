import type pg from "pg";
import type { HttpRequest, SqlQuery } from "../measure.js";

export interface BenchContext {
  baseUrl: string;
  /** Headers that authenticate as the benchmark's administrator (bearer API token). */
  auth: Record<string, string>;
  /** The administrator's user id and another user who owns records. */
  adminId: string;
  ownerId: string;
  pool: pg.Pool;
  /** `METHOD /url` of every registered API route, to skip scenarios whose endpoint does not exist yet. */
  routes: Set<string>;
  /** Rows loaded per table. */
  rows: Record<string, number>;
  fetchJson<T = unknown>(path: string): Promise<T>;
}

/** One measured case: the HTTP request and the SQL that is its floor (null when there is no single query). */
export interface Case {
  name: string;
  request: HttpRequest;
  sql: SqlQuery | null;
}

export interface Scenario {
  name: string;
  /** Why it cannot run here (route or table missing), or null. */
  unavailable(ctx: BenchContext): string | null;
  prepare(ctx: BenchContext): Promise<Case[]>;
}
