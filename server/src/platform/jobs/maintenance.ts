import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { JobDefinition } from "./queue.js";

export const MAINTENANCE_JOB = "platform.maintenance";

/** Prunes what only needs keeping for a while: replayable responses (24 h) and consumed outbox rows (30 days). */
export async function runMaintenance(db: Database): Promise<Record<string, number>> {
  const keys = await db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", sql<Date>`now() - interval '24 hours'`)
    .executeTakeFirst();
  // Never an event some consumer has not taken yet (one stopped for days keeps its backlog).
  const events = await db
    .deleteFrom("change_events")
    .where("dispatched_at", "<", sql<Date>`now() - interval '30 days'`)
    .where((eb) =>
      eb.or([
        eb("position", "is", null),
        eb("position", "<=", sql<string>`(select coalesce(min(position), 0) from change_consumers)`),
      ]),
    )
    .executeTakeFirst();
  const details = {
    idempotencyKeysDeleted: Number(keys.numDeletedRows),
    changeEventsDeleted: Number(events.numDeletedRows),
  };
  await db
    .insertInto("maintenance_runs")
    .values({ job: MAINTENANCE_JOB, details: JSON.stringify(details) })
    .execute();
  return details;
}

export function maintenanceJob(db: Database): JobDefinition {
  return {
    name: MAINTENANCE_JOB,
    schedule: { cron: "30 3 * * *" },
    retryLimit: 2,
    handler: async (_jobs, { log }) => {
      const details = await runMaintenance(db);
      log.info(details, "nightly maintenance done");
    },
  };
}
