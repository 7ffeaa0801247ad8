/**
 * The authentication functions other modules call (identity: deactivation and hand-over). Both take the
 * caller's transaction, so the revocation commits together with the change that caused it.
 */
export { createApiToken, revokeAllTokens } from "./api-tokens.js";
export { revokeAllSessions } from "./sessions.js";
