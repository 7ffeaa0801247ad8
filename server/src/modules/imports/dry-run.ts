import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { ConflictError } from "../../platform/errors.js";
import type { JobDefinition, JobQueue } from "../../platform/jobs/queue.js";
import { actorForUser } from "../../platform/records/actor.js";
import { type ImportEntity, importFields } from "./fields.js";
import { stale, startHeartbeat } from "./heartbeat.js";
import { withLease } from "./lease.js";
import { importJobOf, insertProblems, processImport } from "./process.js";
import { findImport, type ImportRow, isConfigurable, isStaleCheck } from "./repository.js";
import { validateMapping } from "./service.js";

export const DRY_RUN_JOB = "imports.dry-run";

/**
 * Queues the dry run (job `imports.dry-run`) and answers at once: the import is `validating` with live
 * progress (`processed` rows checked, `failed` invalid so far, `checked_percent` of the file) until it is
 * `validated` with the counts, or `failed` with the error.
 */
export async function startDryRun(
  db: Database,
  jobs: JobQueue,
  ctx: RequestContext,
  id: string,
): Promise<ImportRow> {
  return db.transaction().execute(async (trx) => {
    const imp = await findImport(trx, ctx.actor, id, true);
    if (imp.status === "validating" && !isStaleCheck(imp)) {
      throw new ConflictError("import_validating", "The file is already being checked.");
    }
    if (!isConfigurable(imp))
      throw new ConflictError("import_started", "The import has already been started.");
    validateMapping(imp.mapping, imp.headers, await importFields(trx, ctx.actor, imp.entity as ImportEntity));
    await jobs.sendWith(trx, DRY_RUN_JOB, { importId: id }, { singletonKey: id });
    await trx.deleteFrom("import_errors").where("import_id", "=", id).execute();
    return trx
      .updateTable("imports")
      .set({
        status: "validating",
        dry_run: null,
        dry_run_at: null,
        error: null,
        total_rows: 0,
        processed: 0,
        failed: 0,
        checked_percent: 0,
        run_id: null,
        heartbeat_at: null,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function dryRunJob(db: Database): JobDefinition<{ importId: string }> {
  return {
    name: DRY_RUN_JOB,
    // A dry run writes nothing but its report: a failure ends it (`failed`, the user may check again). A check
    // whose worker died (its lease is free) is restarted by `imports.recover`; it also counts as stale
    // after 10 minutes without progress (`isStaleCheck`), so the user is never stuck.
    retryLimit: 2,
    expireInSeconds: 3600,
    handler: async (jobs) => {
      for (const j of jobs) await runDryRun(db, j.data.importId);
    },
  };
}

/** The dry run job's work: validates every row without writing, updating the progress after each batch. */
export async function runDryRun(
  db: Database,
  importId: string,
  opts: { batchRows?: number } = {},
): Promise<void> {
  // A check being superseded lets go of the lease at its next batch: wait for it a little.
  await withLease(db, importId, { waitMs: 10_000 }, ({ leased }) => checkAttempt(db, importId, opts, leased));
}

async function checkAttempt(db: Database, importId: string, opts: { batchRows?: number }, leased: boolean) {
  // This attempt claims the check (a fresh one, or one whose worker died: its lease is free — we hold it — or,
  // without the lease, its heartbeat stopped) and beats it.
  const runId = randomUUID();
  const claimed = await db
    .updateTable("imports")
    .set({ run_id: runId, heartbeat_at: sql`now()` })
    .where("id", "=", importId)
    .where("status", "=", "validating")
    .where((eb) =>
      leased ? eb.lit(true) : eb.or([eb("run_id", "is", null), eb("heartbeat_at", "<", stale)]),
    )
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return;
  const imp = await db
    .selectFrom("imports")
    .innerJoin("files", "files.id", "imports.file_id")
    .selectAll("imports")
    .select("files.size as file_size")
    .where("imports.id", "=", importId)
    .executeTakeFirstOrThrow();
  // Progress and the result are written only while the import is still being checked by this attempt.
  const stillValidating = () =>
    db
      .updateTable("imports")
      .where("id", "=", importId)
      .where("status", "=", "validating")
      .where("run_id", "=", runId);
  const heartbeat = startHeartbeat(db, importId, runId, "validating");
  try {
    const actor = await actorForUser(db, imp.created_by);
    if (!actor) throw new Error("The user who started the check is no longer active.");
    const fields = await importFields(db, actor, imp.entity as ImportEntity);
    validateMapping(imp.mapping, imp.headers, fields);
    await db.deleteFrom("import_errors").where("import_id", "=", importId).execute();
    const size = Number(imp.file_size) || 1;
    const counts = await processImport(db, actor, importJobOf(imp), fields, {
      write: false,
      batchRows: opts.batchRows,
      onProblems: (p) => insertProblems(db, importId, p),
      onBatch: async (soFar, bytesRead) => {
        const updated = await stillValidating()
          .set({
            processed: soFar.total,
            failed: soFar.invalid,
            checked_percent: Math.min(99, Math.floor((bytesRead / size) * 100)),
          })
          .executeTakeFirst();
        // The user changed the mapping (or checks again) meanwhile: this check's results no longer count.
        if (!updated.numUpdatedRows) throw new Error("The check was superseded.");
      },
    });
    await stillValidating()
      .set({
        status: "validated",
        dry_run: JSON.stringify(counts),
        dry_run_at: new Date(),
        total_rows: counts.total,
        processed: 0,
        failed: 0,
        checked_percent: 100,
        run_id: null,
        heartbeat_at: null,
      })
      .execute();
  } catch (err) {
    await stillValidating()
      .set({
        status: "failed",
        error: err instanceof Error ? err.message : String(err),
        run_id: null,
        heartbeat_at: null,
      })
      .execute();
  } finally {
    heartbeat.stop();
  }
}
