import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { pruneThrottle } from "./throttle.js";

export const AUTH_CLEANUP_JOB = "auth.cleanup";

/** Deletes what can no longer authenticate anyone: ended sessions, used or expired reset links, stale counters. */
export async function runAuthCleanup(db: Database): Promise<Record<string, number>> {
  const sessions = await db
    .deleteFrom("sessions")
    .where((eb) =>
      eb.or([
        eb("expires_at", "<", sql<Date>`now() - interval '7 days'`),
        eb("revoked_at", "<", sql<Date>`now() - interval '7 days'`),
        eb("last_seen_at", "<", sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .executeTakeFirst();
  const resets = await db
    .deleteFrom("password_reset_tokens")
    .where("expires_at", "<", sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  const pending = await db
    .deleteFrom("two_factor_pending")
    .where("created_at", "<", sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  await pruneThrottle(db);
  return {
    sessionsDeleted: Number(sessions.numDeletedRows),
    resetTokensDeleted: Number(resets.numDeletedRows),
    pendingTwoFactorDeleted: Number(pending.numDeletedRows),
  };
}

export function authCleanupJob(db: Database): JobDefinition {
  return {
    name: AUTH_CLEANUP_JOB,
    schedule: { cron: "45 3 * * *" },
    retryLimit: 2,
    handler: async (_jobs, { log }) => {
      log.info(await runAuthCleanup(db), "auth cleanup done");
    },
  };
}
