import type { AppModule } from "../../platform/http/types.js";
import { tasksEntity } from "./entity.js";
import { taskEvents } from "./events.js";
import { overdueScanJob } from "./overdue.js";
import { reminderJob } from "./reminders.js";
import { taskRoutes } from "./routes.js";

export const tasksModule: AppModule = {
  name: "tasks",
  events: taskEvents,
  entities: [tasksEntity],
  routes: taskRoutes,
  jobs: (deps) => [reminderJob(deps) as never, overdueScanJob(deps) as never],
};
export { presentTask } from "./present.js";
export { linksOf } from "./repository.js";
export { taskResponse } from "./schemas.js";
