import type { AppModule } from "../../platform/http/types.js";
import { auditChangesJob } from "./consumer.js";
import { auditRoutes } from "./routes.js";

/** The audit log: change events → audit rows, and the APIs that read them. */
export const auditModule: AppModule = {
  name: "audit",
  routes: auditRoutes,
  jobs: ({ db }) => [auditChangesJob(db) as never],
};
