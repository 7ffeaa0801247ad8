import type { Kysely } from "kysely";
import type pg from "pg";
import type { DB } from "../../src/platform/db/schema.js";
import type { HttpRequest, SqlFloor } from "../measure.js";

/** Records the data set provides for scenarios (deterministic ids, see generators/). */
export interface BenchRecords {
  /** A contact with a long timeline (its own activities, its deals' and its company's). */
  busyContactId: string;
  /** The busy contact's company (whose timeline merges its contacts' and deals'). */
  busyCompanyId: string | null;
  /** Contact custom fields the generator defined and filled (key → a common value). */
  customFields: { segment: string | null; score: boolean };
}

export interface BenchContext {
  baseUrl: string;
  databaseUrl: string;
  /** Headers that authenticate as the benchmark's administrator (bearer API token). */
  auth: Record<string, string>;
  /** Headers of a sales manager (own/team scopes): `ownerId`'s API token. */
  managerAuth: Record<string, string>;
  /** The server process (its CPU time is read from /proc by scenarios that time single requests). */
  serverPid?: number;
  /** The administrator's user id and another user (a sales manager) who owns records. */
  adminId: string;
  ownerId: string;
  pool: pg.Pool;
  /** A Kysely instance on the benchmark database (for building floors and calling services). */
  db: Kysely<DB>;
  /** `METHOD /url` of every registered API route, to skip scenarios whose endpoint does not exist yet. */
  routes: Set<string>;
  /** Rows loaded per table. */
  rows: Record<string, number>;
  records: BenchRecords;
  scale: string;
  factor: number;
  /** --quick (a smoke run, nothing recorded): scenarios may do less. */
  quick: boolean;
  /** --import-rows, or null for the scale's default. */
  importRows: number | null;
  fetchJson<T = unknown>(path: string, headers?: Record<string, string>): Promise<T>;
  log(line: string): void;
}

/** What the issue asks of a case: p95 at 1 connection and/or API p50 over SQL p50. */
export interface Target {
  p95Ms?: number;
  ratio?: number;
}

/** One measured case: the HTTP request and the SQL that is its floor (null when there is no single query). */
export interface Case {
  name: string;
  request: HttpRequest;
  sql: SqlFloor | null;
  target?: Target;
}

/** A one-off measurement that is not a request loop (import throughput, page load time, bundle size). */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** Pass when value >= min (throughput) or <= max (time, size). */
  target?: { min?: number; max?: number };
  note?: string;
}

export interface Scenario {
  name: string;
  /** Why it cannot run here (route, table or tool missing), or null. */
  unavailable(ctx: BenchContext): string | null;
  /** Request loops (measured by the runner at 1 and N connections against their SQL floor). */
  prepare?(ctx: BenchContext): Promise<Case[]>;
  /** Or measurements the scenario takes itself; a thrown error fails the run, a string result skips. */
  measure?(ctx: BenchContext): Promise<Metric[] | string>;
}
