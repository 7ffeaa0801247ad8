import { z } from "zod";
import { NotFoundError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { changeOwnPassword, updateProfile } from "./account.js";
import { authAudit } from "./audit.js";
import { changeOwnEmail } from "./email-change.js";
import { clientInfo } from "./http.js";
import { loadMe } from "./me.js";
import { assertReauth } from "./reauth.js";
import {
  changeEmailBody,
  changePasswordBody,
  meSchema,
  patchMeBody,
  sessionParams,
  sessionSchema,
} from "./schemas.js";
import { clearSessionCookie, listSessions, revokeSession } from "./sessions.js";

const tags = ["auth"];
const pendingOk = access.authenticated({
  allowPasswordChangePending: true,
  allowTwoFactorSetupPending: true,
});

export function accountRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    "/api/v1/me",
    {
      config: { access: pendingOk },
      schema: { tags, summary: "The signed-in user, role permissions and team", response: { 200: meSchema } },
    },
    async (request) => loadMe(db, requestContext(request).actor.userId),
  );

  app.patch(
    "/api/v1/me",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "Update my profile", body: patchMeBody, response: { 200: meSchema } },
    },
    async (request) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => updateProfile(trx, ctx, request.body));
      return loadMe(db, ctx.actor.userId);
    },
  );

  app.post(
    "/api/v1/auth/change-password",
    {
      config: { access: access.authenticated({ allowPasswordChangePending: true }), idempotent: false },
      schema: {
        tags,
        summary: "Change my password (ends my other sessions)",
        description:
          "Validation errors on `newPassword` carry codes `password_too_short`, `password_common`, `password_reused`, `password_contains_email`; a wrong `currentPassword` is `invalid_password`.",
        body: changePasswordBody,
        response: { 204: z.null(), 422: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await assertReauth(db, ctx.actor.userId, request.body.currentPassword, "currentPassword", ctx);
      await db.transaction().execute((trx) => changeOwnPassword(trx, ctx, request.body.newPassword, ctx));
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/api/v1/me/email",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Change my email (needs my current password; ends my other sessions)",
        description:
          "A wrong `currentPassword` is 422 `invalid_password` (locked out like sign-in); an address another user has is 409 `email_taken`.",
        body: changeEmailBody,
        response: { 200: meSchema, 409: problemSchema, 422: problemSchema, 429: problemSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      await assertReauth(db, ctx.actor.userId, request.body.currentPassword, "currentPassword", ctx);
      await db.transaction().execute((trx) => changeOwnEmail(trx, ctx, request.body.email, ctx));
      return loadMe(db, ctx.actor.userId);
    },
  );

  app.get(
    "/api/v1/auth/sessions",
    {
      config: { access: pendingOk },
      schema: {
        tags,
        summary: "My active sessions",
        response: { 200: z.object({ items: z.array(sessionSchema) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const rows = await listSessions(db, ctx.actor.userId, deps.config);
      return {
        items: rows.map((s) => ({
          id: s.id,
          createdAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          expiresAt: s.expires_at.toISOString(),
          ip: s.ip,
          userAgent: s.user_agent,
          current: s.id === ctx.actor.sessionId,
        })),
      };
    },
  );

  app.delete(
    "/api/v1/auth/sessions/:id",
    {
      config: { access: pendingOk },
      schema: { tags, summary: "End one of my sessions", params: sessionParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const own = await db
        .selectFrom("sessions")
        .select("id")
        .where("id", "=", request.params.id)
        .where("user_id", "=", ctx.actor.userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (!own) throw new NotFoundError("Session");
      await db.transaction().execute(async (trx) => {
        await revokeSession(trx, own.id);
        await authAudit(trx, "auth.sessions.revoked", ctx.actor.userId, clientInfo(request), { count: 1 });
      });
      if (own.id === ctx.actor.sessionId) clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );
}
