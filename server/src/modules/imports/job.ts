import { randomUUID } from "node:crypto";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { AppError } from "../../platform/errors.js";
import type { JobDefinition, JobQueue } from "../../platform/jobs/queue.js";
import { actorForUser } from "../../platform/records/actor.js";
import {
  holdBulkWrite,
  releaseBulkWrite,
  requestSearchCatchUp,
} from "../../platform/records/search-backlog.js";
import { declaredImport } from "./declared.js";
import { importFields } from "./fields.js";
import { claimRun, ownedBatches, RunStopped, startHeartbeat } from "./heartbeat.js";
import { type LeaseConnection, withLease } from "./lease.js";
import { InvalidRowsError, importJobOf, insertProblems, processImport } from "./process.js";
import { committedRows } from "./repository.js";
import { revertImport } from "./revert.js";
import { DEFER_SEARCH_MIN_ROWS } from "./search-state.js";
import { auditCompleted, IMPORT_JOB } from "./service.js";

/**
 * `imports.run`: writes the import batch by batch. A retried job resumes after the last committed batch, so
 * a crash or restart never imports a row twice. The run beats a heartbeat; one whose worker died is taken over
 * by `imports.recover` within a minute or so, and its owner may revert it while it runs (which stops it).
 */
export function importJob(db: Database, queue: JobQueue): JobDefinition<{ importId: string }> {
  return {
    name: IMPORT_JOB,
    retryLimit: 3,
    expireInSeconds: 4 * 3600,
    handler: async (jobs) => {
      for (const j of jobs) await runImport(db, j.data.importId, { jobs: queue });
    },
  };
}

export interface RunOptions {
  batchRows?: number;
  /** Asks for the search catch-up when a deferring run ends (without it the caller does). */
  jobs?: JobQueue;
  deferSearchMinRows?: number;
}

/**
 * One attempt of the run, holding the import's lease (`lease.ts`) so that a restart after kill -9 takes it over
 * at once; a live attempt holding it keeps the run. A large run also holds the bulk-write lock there while it
 * writes its rows search-pending, and asks for the search catch-up when it ends (completed, failed or cut).
 */
export async function runImport(db: Database, importId: string, opts: RunOptions = {}): Promise<void> {
  let deferred = false;
  await withLease(db, importId, { waitMs: 0 }, async ({ conn, leased }) => {
    if (!leased) return;
    deferred = await attempt(db, conn, importId, opts);
  });
  if (deferred && opts.jobs) await requestSearchCatchUp(opts.jobs);
}

async function attempt(db: Database, lease: LeaseConnection, importId: string, opts: RunOptions) {
  const before = await db
    .selectFrom("imports")
    .select("status")
    .where("id", "=", importId)
    .executeTakeFirst();
  // A first attempt starts with a clean report (the dry run's rows would otherwise look already processed).
  if (before?.status === "queued")
    await db.deleteFrom("import_errors").where("import_id", "=", importId).execute();
  const runId = randomUUID();
  const imp = await claimRun(db, importId, runId);
  if (!imp) return false;
  const deferSearch =
    (declaredImport(imp.entity)?.deferSearch ?? false) &&
    imp.total_rows >= (opts.deferSearchMinRows ?? DEFER_SEARCH_MIN_ROWS);
  if (deferSearch) {
    await holdBulkWrite(lease);
    await db.updateTable("imports").set({ search_deferred: true }).where("id", "=", importId).execute();
  }
  const heartbeat = startHeartbeat(db, importId, runId, "running");
  // Status changes below apply only while the run is still this attempt's (not reverted, not taken over).
  const ours = () =>
    db
      .updateTable("imports")
      .where("id", "=", importId)
      .where("run_id", "=", runId)
      .where("status", "=", "running");
  try {
    const actor = await actorForUser(db, imp.created_by);
    if (!actor)
      throw new AppError(409, "user_inactive", "The user who started the import is no longer active.");
    const job = importJobOf(imp);
    const fields = await importFields(db, actor, job.entity);
    try {
      await processImport(ownedBatches(db, importId, runId), actor, job, fields, {
        write: true,
        committed: await committedRows(db, importId),
        batchRows: opts.batchRows,
        deferSearch,
        onProblems: async () => {},
      });
    } catch (err) {
      if (!(err instanceof InvalidRowsError)) throw err;
      await stopOnInvalidRows(db, actor, importId, err);
      return deferSearch;
    }
    const done = await ours()
      .set({ status: "completed", finished_at: new Date() })
      .returningAll()
      .executeTakeFirst();
    if (done) await auditCompleted(db, done);
  } catch (err) {
    if (err instanceof RunStopped) return deferSearch;
    // Domain refusals are final; anything else (database down) is retried by pg-boss and resumes.
    const final = err instanceof AppError;
    await ours()
      .set({ status: final ? "failed" : "running", error: err instanceof Error ? err.message : String(err) })
      .execute();
    if (!final) throw err;
  } finally {
    heartbeat.stop();
    if (deferSearch) await releaseBulkWrite(lease).catch(() => {});
  }
  return deferSearch;
}

/**
 * Rows became invalid after the dry run and the user did not allow skipping them: the run stops, reports
 * those rows, and reverts the batches it already committed, so nothing of the file stays written.
 */
async function stopOnInvalidRows(db: Database, actor: Actor, importId: string, err: InvalidRowsError) {
  await insertProblems(db, importId, err.problems);
  await db
    .updateTable("imports")
    .set({ status: "failed", error: err.message, finished_at: new Date() })
    .where("id", "=", importId)
    .execute();
  await revertImport(db, { actor, requestId: `import-run:${importId}`, ip: null, userAgent: null }, importId);
}
