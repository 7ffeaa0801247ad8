import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { assertCsrf } from "../../platform/http/csrf.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { authAudit } from "./audit.js";
import { issueDeviceCookie, trustedDevice } from "./device.js";
import { clientInfo, startBrowserSession } from "./http.js";
import { completeTwoFactor, login } from "./login.js";
import { loadMe } from "./me.js";
import { loginBody, loginResponse, okWithUser, twoFactorLoginBody } from "./schemas.js";
import { clearSessionCookie, readSessionId, revokeAllSessions, revokeSession } from "./sessions.js";

const tags = ["auth"];

export function sessionRoutes(app: App, deps: AppDeps): void {
  app.post(
    "/api/v1/auth/login",
    {
      config: { access: access.public(), idempotent: false },
      schema: {
        tags,
        summary: "Sign in with email and password",
        description:
          "Opens a new session (cookie `tandem_session`) and issues the CSRF cookie. Answers `twoFactorRequired: true` (status `twoFactorRequired`) when a code is needed: the session is then half-authenticated until `POST /api/v1/auth/2fa` with `{code}`. Wrong credentials answer 401 `invalid_credentials`; too many failures 429 `too_many_attempts` with Retry-After and `retryAfter` (seconds). A successful sign-in sets the device cookie `tandem_device`, which keeps this browser's sign-ins apart from guessing elsewhere.",
        body: loginBody,
        response: { 200: loginResponse, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const device = trustedDevice(request, request.body.email);
      const result = await login(deps, request.body, clientInfo(request), readSessionId(request), device);
      startBrowserSession(reply, deps, result.cookieValue);
      issueDeviceCookie(reply, deps.config, request.body.email, device);
      if (result.status === "twoFactorRequired") {
        return { status: "twoFactorRequired" as const, twoFactorRequired: true as const };
      }
      return {
        status: result.status,
        twoFactorRequired: false as const,
        user: await loadMe(deps.db, result.userId),
      };
    },
  );

  app.post(
    "/api/v1/auth/2fa",
    {
      config: { access: access.public(), idempotent: false },
      schema: {
        tags,
        summary: "Complete sign-in with a TOTP code or a recovery code",
        body: twoFactorLoginBody,
        response: { 200: okWithUser, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      assertCsrf(request, readSessionId(request));
      const done = await completeTwoFactor(
        deps,
        readSessionId(request),
        request.body.code,
        clientInfo(request),
      );
      startBrowserSession(reply, deps, done.cookieValue);
      return { status: "ok" as const, user: await loadMe(deps.db, done.userId) };
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      config: { access: access.public(), idempotent: false },
      schema: { tags, summary: "Sign out of this session", response: { 204: z.null() } },
    },
    async (request, reply) => {
      const sessionId = readSessionId(request);
      if (sessionId) {
        if (request.actor?.sessionId) assertCsrf(request, request.actor.sessionId);
        await revokeSession(deps.db, sessionId);
        if (request.actor) await authAudit(deps.db, "auth.logout", request.actor.userId, clientInfo(request));
      }
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/auth/logout-everywhere",
    {
      config: {
        access: access.authenticated({ allowPasswordChangePending: true, allowTwoFactorSetupPending: true }),
        idempotent: false,
      },
      schema: { tags, summary: "Sign out of every session of the current user", response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await deps.db.transaction().execute(async (trx) => {
        const revoked = await revokeAllSessions(trx, ctx.actor.userId);
        await authAudit(trx, "auth.sessions.revoked", ctx.actor.userId, ctx, {
          count: revoked,
          scope: "all",
        });
      });
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );
}
