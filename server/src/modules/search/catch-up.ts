import type { Database } from "../../platform/db/database.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import {
  CATCH_UP_JOB,
  catchUpBatch,
  requestSearchCatchUp,
  searchBacklog,
} from "../../platform/records/search-backlog.js";

/**
 * `search.catch-up` (`CATCH_UP_JOB`): enters the rows bulk writers left pending into the fuzzy-search indexes
 * (`platform/records/search-backlog.ts`), a batch per transaction, until none is left. Its state is the rows'
 * `search_pending` flag, so it is resumable by construction: a kill -9 loses at most one uncommitted batch,
 * and the every-minute schedule and the start-up check (`requestCatchUpIfPending`) pick the rest up. While a
 * bulk writer still writes, a batch does not start (the writer holds the bulk-write lock); the job ends and
 * the writer asks for it again when done.
 */
/** The tables of the searchable entities: each has `search_pending` and partial fuzzy indexes. */
export function searchableTables(entities: EntityCatalog): string[] {
  return entities.with("search").map((e) => e.table);
}

export function catchUpJob(db: Database, entities: EntityCatalog): JobDefinition {
  return {
    name: CATCH_UP_JOB,
    schedule: { cron: "* * * * *" },
    retryLimit: 5,
    expireInSeconds: 3600,
    handler: async (_jobs, { log }) => {
      for (const table of searchableTables(entities)) {
        let total = 0;
        for (;;) {
          const n = await catchUpBatch(db, table);
          if (n === null) {
            log.info({ table, total }, "search catch-up waits for a bulk writer");
            return;
          }
          total += n;
          if (n === 0) break;
        }
        if (total > 0) log.info({ table, rows: total }, "search caught up");
      }
    },
  };
}

/** At start-up: rows a killed writer or catch-up left pending are caught up now, not at the next minute. */
export async function requestCatchUpIfPending({ db, jobs, entities }: AppDeps): Promise<void> {
  const backlog = await searchBacklog(db, searchableTables(entities));
  if (Object.keys(backlog).length > 0) await requestSearchCatchUp(jobs);
}
