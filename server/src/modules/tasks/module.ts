import type { AppModule } from "../../platform/http/types.js";
import { taskTriggers } from "./automation-triggers.js";
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
  automationTriggers: taskTriggers,
};
export { presentTask } from "./present.js";
export { linksOf } from "./repository.js";
export { BUILTIN_TASK_TYPES, type TaskCreateInput, taskResponse } from "./schemas.js";
export { createTask } from "./service.js";
