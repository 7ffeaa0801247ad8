import type { AppModule } from "../../platform/http/types.js";
import { mapLimit } from "../../platform/jobs/map-limit.js";
import { catalogRoutes } from "./catalog-routes.js";
import { automationConsumer } from "./consumer.js";
import { executeRuns, RUNS_PER_BATCH } from "./engine.js";
import { pruneJob } from "./retention.js";
import { routes } from "./routes.js";
import { RUN_JOB } from "./runs.js";
import { tickJob } from "./scheduler.js";
import { automationTimelineSource } from "./timeline.js";
import { recordTriggers } from "./triggers.js";
import "./steps/index.js";

/**
 * Automation rules: trigger → conditions → steps, run from the change feed, the scheduler tick and inbound
 * hooks (README.md).
 */
export const automationsModule: AppModule = {
  name: "automations",
  routes: (app, deps) => {
    routes(app, deps);
    catalogRoutes(app, deps);
  },
  automationTriggers: recordTriggers,
  timelineSources: [automationTimelineSource],
  consumers: (deps) => [automationConsumer(deps)],
  jobs: (deps) => [
    {
      name: RUN_JOB,
      batchSize: 2 * RUNS_PER_BATCH,
      // Two handler loops, each running its fetched runs as two batches at once (`executeRuns`: one transaction
      // per batch of ≤ RUNS_PER_BATCH runs): four transactions in flight per process (four pool connections at
      // most), and the next jobs are fetched while the other loop still works.
      concurrency: 2,
      // Step retries are the engine's (back-off jobs); pg-boss retries only a handler that died with its process.
      retryLimit: 3,
      expireInSeconds: 300,
      handler: async (jobs) => {
        const ids = jobs.map((job) => (job.data as { runId: string }).runId);
        const half = Math.ceil(ids.length / 2);
        const errors = await mapLimit([ids.slice(0, half), ids.slice(half)], 2, (batch) =>
          executeRuns(deps, batch).then(
            () => null,
            (e: unknown) => e,
          ),
        );
        // Every batch finished first; then the jobs fail (and are retried) on the first error.
        const error = errors.find((e) => e !== null);
        if (error) throw error;
      },
    },
    tickJob(deps),
    pruneJob(deps),
  ],
};
export { registerStepKind } from "./steps/registry.js";
