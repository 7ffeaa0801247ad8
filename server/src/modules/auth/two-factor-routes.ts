import { z } from "zod";
import { ConflictError, ValidationError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { authAudit } from "./audit.js";
import { twoFactorRequired } from "./authenticator.js";
import { getPasswordPolicy } from "./password-policy.js";
import { assertReauth } from "./reauth.js";
import {
  twoFactorDisableBody,
  twoFactorEnableBody,
  twoFactorEnableResponse,
  twoFactorSetupBody,
  twoFactorSetupResponse,
} from "./schemas.js";
import { disableTwoFactor, enableTwoFactor, startSetup, verifySecondFactor } from "./two-factor.js";

const tags = ["auth"];
const setupAccess = access.authenticated({ allowTwoFactorSetupPending: true });

export function twoFactorRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  const loadUser = (id: string) =>
    db
      .selectFrom("users as u")
      .innerJoin("roles as r", "r.id", "u.role_id")
      .select([
        "u.id",
        "u.email",
        "u.name",
        "u.language",
        "u.totp_secret",
        "u.two_factor_enabled",
        "r.require_two_factor",
      ])
      .where("u.id", "=", id)
      .executeTakeFirstOrThrow();

  app.post(
    "/api/v1/auth/2fa/setup",
    {
      config: { access: setupAccess, idempotent: false },
      schema: {
        tags,
        summary:
          "Start TOTP set-up (re-enter the password); returns the secret and otpauth:// URL for a QR code",
        body: twoFactorSetupBody,
        response: { 200: twoFactorSetupResponse },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      await assertReauth(db, ctx.actor.userId, request.body.password, "password", ctx);
      const user = await loadUser(ctx.actor.userId);
      return db.transaction().execute((trx) => startSetup(trx, user));
    },
  );

  app.post(
    "/api/v1/auth/2fa/enable",
    {
      config: { access: setupAccess, idempotent: false },
      schema: {
        tags,
        summary: "Confirm the set-up with a code; returns 10 single-use recovery codes (shown once)",
        body: twoFactorEnableBody,
        response: { 200: twoFactorEnableResponse },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const user = await loadUser(ctx.actor.userId);
      if (user.two_factor_enabled) {
        throw new ConflictError(
          "two_factor_already_enabled",
          "Two-factor authentication is already enabled.",
        );
      }
      return db.transaction().execute(async (trx) => {
        const recoveryCodes = await enableTwoFactor(trx, user.id, request.body.code);
        await authAudit(trx, "auth.2fa.enabled", user.id, ctx);
        await enqueueMail(deps.jobs, trx, {
          to: user.email,
          template: "two_factor_changed",
          language: user.language,
          vars: { name: user.name, change: "enabled" },
        });
        return { recoveryCodes };
      });
    },
  );

  app.post(
    "/api/v1/auth/2fa/disable",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Turn two-factor authentication off (password and a current code or recovery code)",
        body: twoFactorDisableBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await assertReauth(db, ctx.actor.userId, request.body.password, "password", ctx);
      const user = await loadUser(ctx.actor.userId);
      if (!user.two_factor_enabled) {
        throw new ConflictError("two_factor_not_enabled", "Two-factor authentication is not enabled.");
      }
      if (twoFactorRequired(user, await getPasswordPolicy(db))) {
        throw new ConflictError(
          "two_factor_required",
          "Your organization requires two-factor authentication.",
        );
      }
      await db.transaction().execute(async (trx) => {
        if (!(await verifySecondFactor(trx, user, request.body.code))) {
          throw ValidationError.field("code", "The code is not valid.", "invalid_code");
        }
        await disableTwoFactor(trx, user.id);
        await authAudit(trx, "auth.2fa.disabled", user.id, ctx);
        await enqueueMail(deps.jobs, trx, {
          to: user.email,
          template: "two_factor_changed",
          language: user.language,
          vars: { name: user.name, change: "disabled" },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
