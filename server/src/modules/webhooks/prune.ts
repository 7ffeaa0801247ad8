import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { pruneDeliveries } from "./repository.js";

export const PRUNE_JOB = "webhooks.prune";
/** Finished deliveries (and their attempts) are kept this long. */
export const DELIVERY_RETENTION_DAYS = 30;
const BATCH = 5000;

/** Deletes finished deliveries older than the retention, in batches, so no statement holds locks for long. */
export async function pruneWebhookDeliveries(
  db: AppDeps["db"],
  opts: { days?: number; batch?: number; maxBatches?: number } = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? 1000); i++) {
    const n = await pruneDeliveries(db, opts.days ?? DELIVERY_RETENTION_DAYS, opts.batch ?? BATCH);
    total += n;
    if (n < (opts.batch ?? BATCH)) break;
  }
  return total;
}

export function pruneJob(deps: Pick<AppDeps, "db">): JobDefinition {
  return {
    name: PRUNE_JOB,
    schedule: { cron: "45 3 * * *" },
    retryLimit: 2,
    async handler(_jobs, { log }) {
      const deleted = await pruneWebhookDeliveries(deps.db);
      log.info({ deleted }, "webhook deliveries pruned");
    },
  };
}
