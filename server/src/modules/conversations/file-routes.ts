import { z } from "zod";
import { NotFoundError } from "../../platform/errors.js";
import type { BlobStore } from "../../platform/files/blobs.js";
import { sendBlob } from "../../platform/files/http.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { assertReadableLinks, recordLink } from "../../platform/records/links.js";
import { renderTemplate } from "../templates/module.js";
import { uploadQuery, uploadResponse } from "./schemas.js";
import { findAttachment, storeUpload } from "./uploads.js";

const tags = ["conversations"];

/** `POST /conversations/uploads` in a scope of its own: its body is the file, streamed (never buffered whole). */
export function conversationUploadRoute(scope: App, deps: AppDeps, store: BlobStore): void {
  const { db } = deps;
  scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
  scope.post(
    "/api/v1/conversations/uploads",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Upload a file from your computer to attach to a letter (the body is the file)",
        description:
          "The type is detected from the content; the size limit is FILES_LIMIT_BYTES (413 `file_too_large`). Attach it with `attachments: [{ uploadId }]`; only you can.",
        querystring: uploadQuery,
        response: { 201: uploadResponse, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const source = request.body as NodeJS.ReadableStream & AsyncIterable<Buffer>;
      const out = await db
        .transaction()
        .execute((trx) =>
          storeUpload(trx, ctx, store, source as never, request.query.name, deps.config.FILES_LIMIT_BYTES),
        );
      return reply.code(201).send(out);
    },
  );
}

/** Attachment downloads and template rendering for the composer. */
export function conversationFileRoutes(app: App, deps: AppDeps, store: BlobStore): void {
  const { db } = deps;

  app.get(
    "/api/v1/conversations/:id/attachments/:attachmentId",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Download an attachment of a letter (as a file, never rendered inline)",
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
        response: { 200: z.string().describe("The attachment's bytes"), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const a = await findAttachment(db, ctx, request.params.id, request.params.attachmentId);
      return sendBlob(reply, store, a, { inline: false });
    },
  );

  app.post(
    "/api/v1/conversations/render-template",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Render an e-mail template for the composer, against a record you may read",
        body: z.strictObject({ templateId: z.uuid(), record: recordLink.optional() }),
        response: {
          200: z.object({ subject: z.string().nullable(), html: z.string().nullable() }),
          404: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      // The record must be readable (404 otherwise), whatever the renderer itself checks.
      if (request.body.record) {
        await assertReadableLinks(db, ctx.actor, [request.body.record], "body.record").catch(() => {
          throw new NotFoundError("Record");
        });
      }
      const out = await renderTemplate(db, ctx, {
        templateId: request.body.templateId,
        kind: "email",
        ...(request.body.record ? { record: request.body.record } : {}),
      });
      return { subject: out.subject, html: out.html };
    },
  );
}
