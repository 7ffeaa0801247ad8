import { sql } from "kysely";
import { entityDefinition } from "../../platform/access/entities.js";
import type { Database } from "../../platform/db/database.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import {
  hasCustomColumn,
  INDEX_JOB,
  type IndexJobData,
  indexExpression,
  indexName,
  statisticsName,
} from "./indexes.js";

/**
 * Builds the expression index of a filterable custom field without blocking writes (`CREATE INDEX
 * CONCURRENTLY`, outside any transaction), as the field is defined now: a field deleted or no longer filterable
 * by the time the job runs gets nothing (and loses an index built meanwhile). A build interrupted earlier leaves
 * an INVALID index that `IF NOT EXISTS` would keep, so one is dropped and built again. Returns whether the index
 * exists afterwards.
 */
export async function buildIndex(db: Database, { entity, key }: IndexJobData): Promise<boolean> {
  const wanted = async () => {
    const def = await db
      .selectFrom("custom_fields")
      .select(["type", "filterable"])
      .where("entity", "=", entity)
      .where("key", "=", key)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return def?.filterable ? def : null;
  };
  const def = await wanted();
  const table = entityDefinition(entity)?.table;
  const expr = def ? indexExpression(def.type, key) : null;
  if (!def || !table || !expr || !(await hasCustomColumn(db, table))) return false;
  const name = indexName(table, key);
  const invalid = await sql`select 1 from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = ${name} and c.relnamespace = current_schema()::regnamespace and not i.indisvalid`.execute(
    db,
  );
  if (invalid.rows.length > 0) await sql`drop index concurrently if exists ${sql.id(name)}`.execute(db);
  await sql`create index concurrently if not exists ${sql.id(name)} on ${sql.table(table)} (${expr})
    where deleted_at is null`.execute(db);
  // The planner ignores the statistics of a partial index's expression and would guess 0.5 % for any value,
  // preferring this index to the owner's even when the value matches half the table: statistics on the
  // expression itself (PostgreSQL 14+) give it the real distribution, taken at once by ANALYZE (samples a
  // fixed ~30k rows, so about a second at any size; it does not block writes).
  const stats = sql.id(statisticsName(table, key));
  await sql`create statistics if not exists ${stats} on (${expr}) from ${sql.table(table)}`.execute(db);
  await sql`analyze ${sql.table(table)}`.execute(db);
  if (await wanted()) return true;
  // Switched off (or deleted) while the index was being built: that change dropped nothing yet to drop.
  await sql`drop index concurrently if exists ${sql.id(name)}`.execute(db);
  await sql`drop statistics if exists ${stats}`.execute(db);
  return false;
}

export function indexJob(db: Database): JobDefinition<IndexJobData> {
  return {
    name: INDEX_JOB,
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    // A large table's concurrent build takes minutes; it must not be handed to a second worker meanwhile.
    expireInSeconds: 4 * 3600,
    async handler(jobs) {
      for (const job of jobs) await buildIndex(db, job.data);
    },
  };
}
