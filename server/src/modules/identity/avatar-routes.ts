import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { sendStoredImage } from "../../platform/files/http.js";
import { UnsupportedFileError } from "../../platform/files/storage.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { findAvatar, removeAvatar, setAvatar } from "./avatars.js";

const tags = ["users"];
const avatarResponse = z.object({ avatarUrl: z.string() });
const uploadDescription =
  "The image itself is the request body (any content type: the kind is read from the bytes). PNG, JPEG or WebP " +
  "only (422 `unsupported_file`), at most 1 MiB (413 `file_too_large`).";

/** The raw upload stream; a body some other parser already consumed (JSON…) is not an image. */
function uploadStream(request: FastifyRequest): AsyncIterable<Buffer> {
  const body = request.body as { [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (!body || typeof body[Symbol.asyncIterator] !== "function") {
    throw new UnsupportedFileError("Send the PNG, JPEG or WebP image as the request body.");
  }
  return body as AsyncIterable<Buffer>;
}

/**
 * Users' photos: one's own (`/me/avatar`), anyone's for `users.manage`, shown to every signed-in user. Registered
 * in its own scope, so the catch-all raw-body parser applies to these routes only.
 */
export function avatarRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

  app.put(
    "/api/v1/me/avatar",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Upload my photo",
        description: uploadDescription,
        response: { 200: avatarResponse, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const source = uploadStream(request);
      const url = await db.transaction().execute((trx) => setAvatar(trx, ctx, ctx.actor.userId, source));
      return { avatarUrl: url };
    },
  );

  app.delete(
    "/api/v1/me/avatar",
    {
      config: { access: access.authenticated() },
      schema: { tags, summary: "Remove my photo", response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => removeAvatar(trx, ctx, ctx.actor.userId));
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/api/v1/users/:id/avatar",
    {
      config: { access: access.admin("users.manage"), idempotent: false },
      schema: {
        tags,
        summary: "Upload a user's photo",
        description: uploadDescription,
        params: idParams,
        response: { 200: avatarResponse, 404: problemSchema, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const source = uploadStream(request);
      const url = await db.transaction().execute((trx) => setAvatar(trx, ctx, request.params.id, source));
      return { avatarUrl: url };
    },
  );

  app.delete(
    "/api/v1/users/:id/avatar",
    {
      config: { access: access.admin("users.manage") },
      schema: { tags, summary: "Remove a user's photo", params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => removeAvatar(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/users/:id/avatar",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A user's photo (PNG, JPEG or WebP; 404 when there is none)",
        params: idParams,
        querystring: z.object({ v: z.string().max(40).optional() }),
        response: { 200: z.string().describe("The image (PNG, JPEG or WebP)"), 404: problemSchema },
      },
    },
    async (request, reply) => sendStoredImage(reply, db, await findAvatar(db, request.params.id)),
  );
}
