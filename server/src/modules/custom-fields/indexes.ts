import { createHash } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";

/**
 * Expression indexes for filterable custom fields. Created with a plain `CREATE INDEX` in the same
 * transaction as the definition change (`CONCURRENTLY` cannot run inside a transaction): the definition and
 * its index appear together or not at all. The build holds a SHARE lock on the entity table (writes wait,
 * reads continue) — a few seconds at a million rows. The expression must equal the one the list engine
 * generates (`platform/query/expressions.ts`) for PostgreSQL to use it. Date and date-time values are cast
 * with non-immutable functions, so those types are filtered without an expression index.
 */
function indexExpression(type: string, key: string) {
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

async function hasCustomColumn(trx: Transaction<DB>, table: string): Promise<boolean> {
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
): Promise<void> {
  const table = entityDefinition(field.entity)?.table;
  if (!table || !(await hasCustomColumn(trx, table))) return;
  const name = sql.id(indexName(table, field.key));
  const expr = indexExpression(field.type, field.key);
  // The planner ignores the statistics of a partial index's expression and would guess 0.5 % for any value,
  // preferring this index to the owner's even when the value matches half the table: statistics on the
  // expression itself (PostgreSQL 14+) give it the real distribution, taken at once by ANALYZE (samples a
  // fixed ~30k rows, so about a second at any size; it does not block writes).
  const stats = sql.id(statisticsName(table, field.key));
  if (field.filterable && !field.deleted && expr) {
    await sql`create index if not exists ${name} on ${sql.table(table)} (${expr}) where deleted_at is null`.execute(
      trx,
    );
    await sql`create statistics if not exists ${stats} on (${expr}) from ${sql.table(table)}`.execute(trx);
    await sql`analyze ${sql.table(table)}`.execute(trx);
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
