import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobDefinition, JobQueue } from "../../platform/jobs/queue.js";
import { orphaned } from "./lease.js";

/**
 * A run beats this often (progress display); a check claimed without the lease (its predecessor still letting go)
 * may take over one silent for `STALE_SECONDS`. Takeover otherwise goes by the lease (`lease.ts`).
 */
export const HEARTBEAT_MS = 5000;
export const STALE_SECONDS = 30;
export const RECOVER_JOB = "imports.recover";

/** The run is no longer this attempt's: cancelled (reverted) by its owner, or taken over by another worker. */
export class RunStopped extends Error {
  constructor() {
    super("The import run was stopped.");
  }
}

export const stale = sql<Date>`now() - make_interval(secs => ${STALE_SECONDS})`;

/**
 * Claims the import for this attempt: a queued one, or a running one whose worker died. The caller holds the
 * import's lease (`lease.ts`), which a live attempt would hold, so a running import is taken over at once
 * whatever its heartbeat says.
 */
export function claimRun(db: Database, importId: string, runId: string) {
  return db
    .updateTable("imports")
    .set({ status: "running", started_at: new Date(), heartbeat_at: sql`now()`, run_id: runId })
    .where("id", "=", importId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
}

/** Beats the heartbeat of this attempt (a run or a dry run) until `stop()`. */
export function startHeartbeat(
  db: Database,
  importId: string,
  runId: string,
  status: "running" | "validating",
): { stop(): void } {
  const timer = setInterval(() => {
    void db
      .updateTable("imports")
      .set({ heartbeat_at: sql`now()` })
      .where("id", "=", importId)
      .where("run_id", "=", runId)
      .where("status", "=", status)
      .execute()
      .catch(() => {});
  }, HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The database a run writes its batches through: every batch transaction first checks that the import is still
 * this attempt's running import (`FOR KEY SHARE`: batches do not block each other, but a revert's `FOR UPDATE`
 * waits for the batches in flight and every later batch sees it), else the run stops before writing.
 */
export function ownedBatches(db: Database, importId: string, runId: string): Database {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "transaction") return typeof value === "function" ? value.bind(target) : value;
      return () => {
        const builder = target.transaction();
        return {
          execute: <T>(fn: (trx: Kysely<DB>) => Promise<T>) =>
            builder.execute(async (trx) => {
              const mine = await trx
                .selectFrom("imports")
                .select("id")
                .where("id", "=", importId)
                .where("run_id", "=", runId)
                .where("status", "=", "running")
                .forKeyShare()
                .executeTakeFirst();
              if (!mine) throw new RunStopped();
              return fn(trx);
            }),
        };
      };
    },
  });
}

/**
 * `imports.recover` (every minute, and once when a process starts: `recoverLost`): resumes runs and restarts
 * dry runs whose worker died — their lease is free (`lease.ts`: the holder's session is gone, so right after
 * a kill -9 and restart, whatever the heartbeat says) — instead of leaving them to the job's expiry. The
 * heartbeat stays for the progress display and for claims made without the lease.
 */
export function recoverJob(
  db: Database,
  jobs: JobQueue,
  names: { run: string; dryRun: string },
): JobDefinition {
  return {
    name: RECOVER_JOB,
    schedule: { cron: "* * * * *" },
    retryLimit: 0,
    handler: () => recoverLost(db, jobs, names),
  };
}

export async function recoverLost(db: Database, jobs: JobQueue, names: { run: string; dryRun: string }) {
  const active = await db
    .selectFrom("imports")
    .select(["id", "status"])
    // a check that never started has no heartbeat and no run id: its job is still queued
    .where((eb) =>
      eb.or([
        eb("status", "=", "running"),
        eb.and([eb("status", "=", "validating"), eb("run_id", "is not", null)]),
      ]),
    )
    .execute();
  const free = new Set(
    await orphaned(
      db,
      active.map((i) => i.id),
    ),
  );
  for (const imp of active) {
    // A holder that lives (even one whose heartbeat lags) keeps its run: taking over would write twice.
    if (!free.has(imp.id)) continue;
    await jobs.send(imp.status === "running" ? names.run : names.dryRun, { importId: imp.id });
  }
}
