import type { AppModule } from "../../platform/http/types.js";
import { sessionAuthenticator } from "./authenticator.js";
import { authCleanupJob } from "./cleanup.js";
import { passwordResetJob } from "./password-reset.js";
import { authRoutes } from "./routes.js";

/** Sessions, API tokens, passwords, 2FA, password reset and invitations. */
export const authModule: AppModule = {
  name: "auth",
  authenticator: (deps) => sessionAuthenticator(deps.db, deps.config, deps.databaseUrl, deps.pool),
  routes: authRoutes,
  jobs: (deps) => [authCleanupJob(deps.db), passwordResetJob(deps) as never],
};
export { assertEmailFree } from "./email-change.js";
export { revokeAllSessions, revokeAllTokens } from "./service.js";
