import type { AppModule } from "../../platform/http/types.js";
import { auditChangesConsumer } from "./consumer.js";
import { auditRoutes } from "./routes.js";

/** The audit log: change events → audit rows, and the APIs that read them. */
export const auditModule: AppModule = {
  name: "audit",
  routes: auditRoutes,
  consumers: () => [auditChangesConsumer()],
};
