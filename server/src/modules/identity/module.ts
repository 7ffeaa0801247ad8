import type { AppModule } from "../../platform/http/types.js";
import { avatarRoutes } from "./avatar-routes.js";
import { userEvents } from "./events.js";
import { rolesRoutes } from "./roles-routes.js";
import { bootstrapAdminOnStart } from "./startup.js";
import { teamsRoutes } from "./teams-routes.js";
import { usersRoutes } from "./users-routes.js";

/** Users, teams and roles administration. */
export const identityModule: AppModule = {
  name: "identity",
  events: userEvents,
  onReady: bootstrapAdminOnStart,
  async routes(app, deps) {
    usersRoutes(app, deps);
    teamsRoutes(app, deps);
    rolesRoutes(app, deps);
    await app.register(async (scoped) => avatarRoutes(scoped as typeof app, deps));
  },
};
export { activeAdministratorIds } from "./admins.js";
export { auditOrigin } from "./audit-context.js";
export { hashPassword } from "./bootstrap.js";
