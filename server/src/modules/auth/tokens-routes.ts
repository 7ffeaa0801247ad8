import { z } from "zod";
import { ForbiddenError, ValidationError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.js";
import { authAudit } from "./audit.js";
import { apiTokenBody, apiTokenCreated, apiTokenSchema } from "./schemas.js";

const tags = ["auth"];

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
const present = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.token_prefix,
  readOnly: t.read_only,
  expiresAt: t.expires_at?.toISOString() ?? null,
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  createdAt: t.created_at.toISOString(),
});

export function apiTokenRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.post(
    "/api/v1/api-tokens",
    {
      // Not idempotent: a replayed response would have to store the plain token.
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Create a personal API token (the token is shown only in this response)",
        description: "Use it as `Authorization: Bearer tdm_…`; it acts with your current permissions.",
        body: apiTokenBody,
        response: { 201: apiTokenCreated },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      // A token must not mint further tokens: creating one needs a signed-in browser session.
      if (!ctx.actor.sessionId)
        throw new ForbiddenError("session_required", "Create API tokens from a signed-in session.");
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) {
        throw ValidationError.field("expiresAt", "Choose a moment in the future.", "in_past");
      }
      const created = await db.transaction().execute(async (trx) => {
        const t = await createApiToken(trx, ctx.actor.userId, { ...request.body, expiresAt });
        await authAudit(trx, "auth.token.created", ctx.actor.userId, ctx, {
          tokenId: t.id,
          name: t.name,
          readOnly: t.read_only,
        });
        return t;
      });
      return reply.code(201).send({ ...present(created), token: created.token });
    },
  );

  app.get(
    "/api/v1/api-tokens",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "My API tokens",
        response: { 200: z.object({ items: z.array(apiTokenSchema) }) },
      },
    },
    async (request) => ({
      items: (await listApiTokens(db, requestContext(request).actor.userId)).map(present),
    }),
  );

  app.delete(
    "/api/v1/api-tokens/:id",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "Revoke one of my API tokens", params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute(async (trx) => {
        const t = await revokeApiToken(trx, ctx.actor.userId, request.params.id);
        await authAudit(trx, "auth.token.revoked", ctx.actor.userId, ctx, { tokenId: t.id, name: t.name });
      });
      return reply.code(204).send(null);
    },
  );
}
