import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { entityCatalog } from "../../platform/records/catalog.js";

/**
 * Whether the planner's statistics of a table are stale for the match-key lookups of the import's next
 * batches: never taken (`reltuples` −1), or the import created more rows since they were taken than the table
 * held then (it at least doubled). A large import into an empty table so analyzes a few times (after 1, 2, 4,
 * 8… batches' worth of rows); an import into a table already much larger than the file never does — there the
 * statistics cannot turn the lookup into a scan, and the ANALYZE (sampling 30,000 rows of an array column)
 * was a fifth of the run's database time (docs/PERFORMANCE.md, "Import: database cost per row").
 */
export function keyStatisticsStale(reltuples: number, createdSince: number): boolean {
  return createdSince > 0 && (reltuples < 0 || createdSince > reltuples);
}

/**
 * Analyzes the match key's column of the entity's table when `keyStatisticsStale`; answers whether it did (the
 * caller then counts its created rows from zero).
 */
export async function refreshKeyStatistics(
  db: Database,
  entity: string,
  column: string,
  createdSince: number,
): Promise<boolean> {
  const table = entityCatalog().get(entity)?.table;
  if (createdSince === 0 || !table) return false;
  const res = await sql<{ reltuples: number }>`
    select reltuples::float8 as reltuples from pg_class where oid = ${table}::regclass`.execute(db);
  if (!keyStatisticsStale(res.rows[0]?.reltuples ?? -1, createdSince)) return false;
  await sql`analyze ${sql.table(table)} (${sql.ref(column)})`.execute(db);
  return true;
}
