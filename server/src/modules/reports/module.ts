import type { AppModule } from "../../platform/http/types.js";
import { dashboardRoutes } from "./dashboards-routes.js";
import { scheduleJob } from "./deliver.js";
import { dashboardEvents, reportEvents, scheduleEvents } from "./events.js";
import { exportRoutes } from "./export-routes.js";
import { reportRoutes } from "./routes.js";
import { scheduleRoutes } from "./schedules-routes.js";

/** Report builder, saved reports, dashboards and scheduled email reports. */
export const reportsModule: AppModule = {
  name: "reports",
  events: [...reportEvents, ...dashboardEvents, ...scheduleEvents],
  routes(app, deps) {
    exportRoutes(app, deps);
    reportRoutes(app, deps);
    dashboardRoutes(app, deps);
    scheduleRoutes(app, deps);
  },
  jobs: (deps) => [scheduleJob(deps) as never],
};
export type { ReportDefinition } from "./definition.js";
export { runReport } from "./run.js";
