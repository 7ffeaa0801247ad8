import { type SqlBool, sql } from "kysely";
import { registerEntity } from "../../platform/access/entities.js";
import type { AppModule } from "../../platform/http/types.js";
import { TASK_FIELDS } from "./fields.js";
import { overdueScanJob } from "./overdue.js";
import { reminderJob } from "./reminders.js";
import { taskRoutes } from "./routes.js";

// Identity's hand-over moves a deactivated user's open tasks to someone else.
registerEntity("tasks", {
  table: "tasks",
  ownerColumn: "owner_id",
  handover: (t) => sql<SqlBool>`${sql.ref(`${t}.status`)} = 'open' and ${sql.ref(`${t}.deleted_at`)} is null`,
  label: "tasks",
  fields: TASK_FIELDS,
});

export const tasksModule: AppModule = {
  name: "tasks",
  routes: taskRoutes,
  jobs: (deps) => [reminderJob(deps) as never, overdueScanJob(deps) as never],
};
