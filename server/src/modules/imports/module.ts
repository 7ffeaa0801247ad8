import type { AppModule } from "../../platform/http/types.js";
import { DRY_RUN_JOB, dryRunJob } from "./dry-run.js";
import { importEvents } from "./events.js";
import { recoverJob, recoverLost } from "./heartbeat.js";
import { importJob } from "./job.js";
import { routes } from "./routes.js";
import { IMPORT_JOB } from "./service.js";

export const importsModule: AppModule = {
  name: "imports",
  events: importEvents,
  routes,
  jobs: ({ db, jobs }) => [
    importJob(db, jobs) as never,
    dryRunJob(db) as never,
    recoverJob(db, jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB }) as never,
  ],
  // A process starting (right after a kill -9, say) takes over the runs and checks whose holder is gone at once.
  onReady: ({ db, jobs }) => recoverLost(db, jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB }),
};
