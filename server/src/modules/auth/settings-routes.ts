import { z } from "zod";
import { writeAudit } from "../../platform/audit/audit.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { clientInfo } from "./http.js";
import { getPasswordPolicy, passwordPolicySchema, savePasswordPolicy } from "./password-policy.js";
import { confirmPasswordReset, requestPasswordReset } from "./password-reset.js";
import { resetConfirmBody, resetRequestBody } from "./schemas.js";

export function settingsAndResetRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    "/api/v1/settings/password-policy",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "The password and 2FA policy",
        response: { 200: passwordPolicySchema },
      },
    },
    async () => getPasswordPolicy(db),
  );

  app.put(
    "/api/v1/settings/password-policy",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Replace the password and 2FA policy",
        body: passwordPolicySchema,
        response: { 200: passwordPolicySchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      await db.transaction().execute(async (trx) => {
        const before = await getPasswordPolicy(trx);
        await savePasswordPolicy(trx, request.body);
        await writeAudit(trx, {
          action: "settings.password_policy.updated",
          actorId: ctx.actor.userId,
          entity: "app_settings",
          changes: { before, after: request.body },
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          requestId: ctx.requestId,
        });
      });
      return getPasswordPolicy(db);
    },
  );

  app.post(
    "/api/v1/auth/password-reset/request",
    {
      config: { access: access.public(), idempotent: false },
      schema: {
        tags: ["auth"],
        summary: "Email a password-reset link (always 202, whether or not the address is known)",
        body: resetRequestBody,
        response: { 202: z.null(), 429: problemSchema },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email, clientInfo(request));
      return reply.code(202).send(null);
    },
  );

  app.post(
    "/api/v1/auth/password-reset/confirm",
    {
      config: { access: access.public(), idempotent: false },
      schema: {
        tags: ["auth"],
        summary: "Set a new password with the emailed token (single use, 30 minutes); ends all sessions",
        body: resetConfirmBody,
        response: { 204: z.null(), 400: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(deps, request.body.token, request.body.newPassword, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
}
