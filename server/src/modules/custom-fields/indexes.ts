import { createHash } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";
import type { JobQueue } from "../../platform/jobs/queue.js";

/** The background job that builds a filterable field's expression index (`index-job.ts`). */
export const INDEX_JOB = "customFields.index";
export interface IndexJobData {
  entity: string;
  key: string;
}
/** What queues the index job: the app's job queue (a benchmark loader builds the indexes itself). */
export type IndexJobs = Pick<JobQueue, "sendWith">;

/**
 * Expression indexes for filterable custom fields (every new field is filterable unless the admin says
 * otherwise). The definition change commits with a job (`INDEX_JOB`) that builds the index in the background
 * with `CREATE INDEX CONCURRENTLY` (which cannot run in a transaction): writes to the entity table never wait
 * for the build, and until it is done the field filters without its index. Turning filtering off (or deleting
 * the field) drops the index in the definition's transaction. The expression must equal the one the list engine
 * generates (`platform/query/expressions.ts`) for PostgreSQL to use it. Date and date-time values are cast
 * with non-immutable functions, so those types are filtered without an expression index.
 */
export function indexExpression(type: string, key: string) {
  const k = sql.lit(key);
  switch (type) {
    case "number":
    case "money":
      return sql`((custom->>${k})::numeric)`;
    case "boolean":
      return sql`((custom->>${k})::boolean)`;
    case "date":
    case "dateTime":
    case "multiSelect":
      return null;
    default:
      return sql`(custom->>${k})`;
  }
}

export function indexName(table: string, key: string): string {
  const hash = createHash("sha1").update(`${table}.${key}`).digest("hex").slice(0, 8);
  return `${`cf_${table}_${key}`.toLowerCase().slice(0, 50)}_${hash}`;
}

export async function hasCustomColumn(trx: Kysely<DB> | Transaction<DB>, table: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select 1 as n from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_name = 'custom'`.execute(trx);
  return r.rows.length > 0;
}

export async function syncIndex(
  trx: Transaction<DB>,
  field: {
    entity: string;
    key: string;
    type: string;
    filterable: boolean;
    is_unique?: boolean;
    deleted: boolean;
  },
  jobs: IndexJobs,
): Promise<void> {
  const table = entityDefinition(field.entity)?.table;
  if (!table || !(await hasCustomColumn(trx, table))) return;
  const name = sql.id(indexName(table, field.key));
  const expr = indexExpression(field.type, field.key);
  const stats = sql.id(statisticsName(table, field.key));
  if (field.filterable && !field.deleted && expr) {
    // Built after the commit; one job per field at a time (a repeat while one waits is the same work).
    await jobs.sendWith(trx, INDEX_JOB, { entity: field.entity, key: field.key } satisfies IndexJobData, {
      singletonKey: `${field.entity}.${field.key}`,
    });
  } else {
    await sql`drop index if exists ${name}`.execute(trx);
    await sql`drop statistics if exists ${stats}`.execute(trx);
  }
  await syncUniqueIndex(trx, table, field.key, field.is_unique === true && !field.deleted);
}

/**
 * The UNIQUE partial index that enforces a unique field: on the stored (already normalized: trimmed e-mail in
 * lower case, E.164 phone, ISO date-time…) text value of live records that have one. Turning `unique` on when
 * live records already share a value is refused with a 422 naming how many values and one example.
 */
async function syncUniqueIndex(trx: Transaction<DB>, table: string, key: string, on: boolean) {
  const name = sql.id(uniqueIndexName(table, key));
  if (!on) {
    await sql`drop index if exists ${name}`.execute(trx);
    return;
  }
  const k = sql.lit(key);
  const exists = await sql`select 1 from pg_indexes where schemaname = current_schema()
    and indexname = ${uniqueIndexName(table, key)}`.execute(trx);
  if (exists.rows.length > 0) return;
  // SHARE (what CREATE INDEX takes anyway) from before the duplicate check, so no write slips in between.
  await sql`lock table ${sql.table(table)} in share mode`.execute(trx);
  const dup = await sql<{ n: number; sample: string }>`select count(*)::int as n, min(v) as sample from (
      select custom->>${k} as v from ${sql.table(table)} where deleted_at is null and custom ? ${k}
        and custom->>${k} is not null group by 1 having count(*) > 1) d`.execute(trx);
  const found = dup.rows[0];
  if (found && found.n > 0) throw duplicateValues(found.n, found.sample);
  await sql`create unique index ${name} on ${sql.table(table)} ((custom->>${k}))
    where deleted_at is null and custom ? ${k}`.execute(trx);
}

function duplicateValues(n: number, sample: string): ValidationError {
  const example = sample.length > 60 ? `${sample.slice(0, 60)}…` : sample;
  return ValidationError.field(
    "unique",
    `Cannot make the field unique: ${n} value${n === 1 ? " is" : "s are"} shared by several records ` +
      `(e.g. "${example}"). Make them distinct first.`,
    "duplicate_values",
  );
}

export function statisticsName(table: string, key: string): string {
  return `cfs${indexName(table, key).slice(2)}`;
}

export function uniqueIndexName(table: string, key: string): string {
  return `cfu${indexName(table, key).slice(2)}`;
}

/** Removes a purged field's values from every record of its entity. */
export async function purgeValues(trx: Transaction<DB>, entity: string, key: string): Promise<number> {
  const table = entityDefinition(entity)?.table;
  if (!table || !(await hasCustomColumn(trx, table))) return 0;
  const r =
    await sql`update ${sql.table(table)} set custom = custom - ${key}::text where custom ? ${key}::text`.execute(
      trx,
    );
  return Number(r.numAffectedRows ?? 0);
}
