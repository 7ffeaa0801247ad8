import type { App, AppDeps } from "../../platform/http/types.js";
import { accountRoutes } from "./account-routes.js";
import { invitationRoutes } from "./invitations-routes.js";
import { sessionRoutes } from "./session-routes.js";
import { settingsAndResetRoutes } from "./settings-routes.js";
import { apiTokenRoutes } from "./tokens-routes.js";
import { twoFactorRoutes } from "./two-factor-routes.js";

export function authRoutes(app: App, deps: AppDeps): void {
  sessionRoutes(app, deps);
  accountRoutes(app, deps);
  twoFactorRoutes(app, deps);
  apiTokenRoutes(app, deps);
  invitationRoutes(app, deps);
  settingsAndResetRoutes(app, deps);
}
