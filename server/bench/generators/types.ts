/**
 * A generator fills one table with synthetic but realistic rows, entirely inside PostgreSQL:
 * `INSERT INTO <table> (<columns>) SELECT <expressions> FROM generate_series(from, to) AS g`.
 * Expressions are SQL written in this folder (trusted constants, never user input). Ids are deterministic
 * (`benchId`: an md5 of table and row number), so a row can reference the k-th row of another table without a lookup.
 */
export interface GenContext {
  /** Rows this data set has (or will have) in the table; 0 when the table is not generated. */
  count(table: string): number;
  /** SQL for the deterministic id of row `index` (an SQL expression, 1-based) of a generated table. */
  id(table: string, index: string): string;
  /** SQL picking a pseudo-random row of `table` for row `of` (default g); `salt` decorrelates columns. */
  pick(table: string, salt: number, of?: string): string;
  /** Ids found in the database (role ids by key, default pipeline and its stages). */
  refs: Refs;
}

export interface Refs {
  roles: Record<string, string>;
  pipelineId: string | null;
  stageIds: string[];
  /** argon2 hash of BENCH_PASSWORD, so generated users can sign in. */
  passwordHash: string;
}

export interface TableGenerator {
  table: string;
  /** Rows at scale factor `f` (1 = the `1m` data set). */
  rows(f: number): number;
  /** Column → SQL expression over `g` (1..rows). Columns the table lacks are skipped. */
  columns(ctx: GenContext): Record<string, string>;
  /** Statements run after the rows are in (link tables); may use the same helpers. */
  after?(ctx: GenContext): string[];
  /** Whether it can run (e.g. deals need a pipeline). */
  usable?(ctx: GenContext): boolean;
}

/** Deterministic id of row `index` (SQL expression) of `table`: md5 shaped as a version-4 UUID. */
export function benchId(table: string, index: string): string {
  return `overlay(overlay(md5('${table}:' || (${index})) placing '4' from 13) placing '8' from 17)::uuid`;
}

/** `arr[1 + (g * salt) % len]` over a constant word list. */
export function word(list: readonly string[], salt: number, of = "g"): string {
  const items = list.map((w) => `'${w.replace(/'/g, "''")}'`).join(",");
  return `(ARRAY[${items}])[1 + ((${of} * ${salt}) % ${list.length})]`;
}

/** The load's fixed "now" (set by the loader), so statements run apart agree on derived timestamps. */
export const NOW = "current_setting('bench.now')::timestamptz";

/** A timestamp spread over the last `days` days, deterministic in `of`. */
export function pastTime(days: number, salt: number, of = "g"): string {
  return `${NOW} - make_interval(secs => ((${of}::bigint * ${salt}) % ${days * 86400})::int)`;
}

export const FIRST_NAMES = [
  "Anna",
  "Ivan",
  "Maria",
  "Dmitry",
  "Elena",
  "Sergey",
  "Olga",
  "Alexey",
  "Natalia",
  "Pavel",
  "Milica",
  "Marko",
  "Jelena",
  "Nikola",
  "Ana",
  "Stefan",
  "Aigerim",
  "Nursultan",
  "Dana",
  "Arman",
  "James",
  "Emma",
  "Oliver",
  "Sophia",
  "Lucas",
  "Mia",
  "Ethan",
  "Chloe",
  "Noah",
  "Laura",
] as const;
export const LAST_NAMES = [
  "Ivanova",
  "Petrov",
  "Smirnova",
  "Kuznetsov",
  "Popova",
  "Sokolov",
  "Lebedeva",
  "Kozlov",
  "Novikova",
  "Morozov",
  "Jovanovic",
  "Petrovic",
  "Nikolic",
  "Markovic",
  "Djordjevic",
  "Ilic",
  "Nurlanov",
  "Seitkali",
  "Abenova",
  "Zhaksylykov",
  "Smith",
  "Johnson",
  "Brown",
  "Taylor",
  "Wilson",
  "Davies",
  "Evans",
  "Thomas",
  "Walker",
  "White",
  "Harris",
  "Martin",
  "Thompson",
  "Garcia",
  "Clark",
  "Lewis",
  "Young",
  "Hall",
  "Allen",
] as const;
export const CITIES = [
  "Moscow",
  "Saint Petersburg",
  "Kazan",
  "Novosibirsk",
  "Belgrade",
  "Novi Sad",
  "Nis",
  "Almaty",
  "Astana",
  "Shymkent",
  "London",
  "Berlin",
  "Vienna",
  "Warsaw",
  "Prague",
  "Riga",
  "Tbilisi",
  "Yerevan",
  "Tashkent",
] as const;
