import { type Kysely, sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobDefinition, JobQueue } from "../../platform/jobs/queue.js";

/** A run beats this often; one silent for `STALE_SECONDS` lost its worker and is taken over. */
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
 * Claims the import for this attempt: a queued one, or a running one whose heartbeat is stale (its worker died);
 * a run with a live heartbeat belongs to its worker and is left alone.
 */
export function claimRun(db: Database, importId: string, runId: string) {
  return db
    .updateTable("imports")
    .set({ status: "running", started_at: new Date(), heartbeat_at: sql`now()`, run_id: runId })
    .where("id", "=", importId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "queued"),
        eb.and([
          eb("status", "=", "running"),
          eb.or([eb("heartbeat_at", "is", null), eb("heartbeat_at", "<", stale)]),
        ]),
      ]),
    )
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
 * `imports.recover` (every minute): resumes runs and restarts dry runs whose worker died, so an import cut by
 * kill -9 goes on within a minute or so of a worker running again instead of after the job's expiry.
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
    handler: async () => {
      const lost = await db
        .selectFrom("imports")
        .select(["id", "status"])
        .where((eb) =>
          eb.or([
            eb.and([
              eb("status", "=", "running"),
              eb.or([eb("heartbeat_at", "is", null), eb("heartbeat_at", "<", stale)]),
            ]),
            // a check that never started has no heartbeat: its job is still queued
            eb.and([eb("status", "=", "validating"), eb("heartbeat_at", "<", stale)]),
          ]),
        )
        .execute();
      for (const imp of lost) {
        await jobs.send(imp.status === "running" ? names.run : names.dryRun, { importId: imp.id });
      }
    },
  };
}
