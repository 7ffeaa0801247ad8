import type { Database } from "../../platform/db/database.js";
import { searchPending } from "../../platform/records/search-backlog.js";
import type { ImportRow } from "./repository.js";

/** A run of at least this many rows defers fuzzy-search indexing to the search catch-up (`job.ts`). */
export const DEFER_SEARCH_MIN_ROWS = 5000;

/**
 * The imports whose records global search does not find yet: a run that deferred fuzzy-search indexing
 * (`search_deferred`, set by `job.ts`), running or completed, while its entity's table still has rows waiting for the search catch-up
 * (`platform/records/search-backlog.ts`; another bulk writer's rows count too — search is catching up either way).
 */
export async function searchCatchingUp(db: Database, imports: ImportRow[]): Promise<Set<string>> {
  const deferred = imports.filter(
    (i) => (i.status === "running" || i.status === "completed") && i.search_deferred,
  );
  const entities = [...new Set(deferred.map((i) => i.entity))];
  const pending = new Set<string>();
  for (const entity of entities) if (await searchPending(db, entity)) pending.add(entity);
  return new Set(deferred.filter((i) => pending.has(i.entity)).map((i) => i.id));
}
