import type { AppModule } from "../../platform/http/types.js";
import { DRY_RUN_JOB, dryRunJob } from "./dry-run.js";
import { importEvents } from "./events.js";
import { recoverJob } from "./heartbeat.js";
import { importJob } from "./job.js";
import { routes } from "./routes.js";
import { IMPORT_JOB } from "./service.js";

export const importsModule: AppModule = {
  name: "imports",
  events: importEvents,
  routes,
  jobs: ({ db, jobs }) => [
    importJob(db) as never,
    dryRunJob(db) as never,
    recoverJob(db, jobs, { run: IMPORT_JOB, dryRun: DRY_RUN_JOB }) as never,
  ],
};
