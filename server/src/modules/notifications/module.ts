import type { AppModule } from "../../platform/http/types.js";
import { assignmentConsumer } from "./assignments.js";
import { notificationEmailJob } from "./jobs.js";
import { notificationRoutes } from "./routes.js";

export const notificationsModule: AppModule = {
  name: "notifications",
  routes: notificationRoutes,
  jobs: (deps) => [notificationEmailJob(deps) as never],
  consumers: (deps) => [assignmentConsumer(deps)],
};
export { recordTitle } from "./assignments.js";
export { createNotification } from "./service.js";
