import type { App, AppDeps } from "../../platform/http/types.js";
import { accountRoutes } from "./routes-account.js";
import { invitationRoutes } from "./routes-invitations.js";
import { sessionRoutes } from "./routes-session.js";
import { settingsAndResetRoutes } from "./routes-settings.js";
import { apiTokenRoutes } from "./routes-tokens.js";
import { twoFactorRoutes } from "./routes-two-factor.js";

export function authRoutes(app: App, deps: AppDeps): void {
  sessionRoutes(app, deps);
  accountRoutes(app, deps);
  twoFactorRoutes(app, deps);
  apiTokenRoutes(app, deps);
  invitationRoutes(app, deps);
  settingsAndResetRoutes(app, deps);
}
