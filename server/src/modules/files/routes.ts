import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { BadRequestError } from "../../platform/errors.js";
import type { BlobSource, BlobStore } from "../../platform/files/blobs.js";
import { sendBlob } from "../../platform/files/http.js";
import { FileTooLargeError } from "../../platform/files/storage.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  downloadQuery,
  fileListSchema,
  fileSchema,
  listFilesQuery,
  renameBody,
  uploadQuery,
} from "./schemas.js";
import {
  deleteRecordFile,
  getRecordFile,
  listRecordFiles,
  presentFile,
  renameRecordFile,
  storeAttachment,
} from "./service.js";

const tags = ["files"];

async function uploadSource(
  request: FastifyRequest,
): Promise<{ source: BlobSource; fileName: string | null }> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw new BadRequestError("file_missing", "Send the file in a multipart field named `file`.");
    return { source: part.file, fileName: part.filename || null };
  }
  return { source: request.body as BlobSource, fileName: null };
}

export function fileRoutes(app: App, deps: AppDeps, store: BlobStore): void {
  const { db, config } = deps;
  const limit = config.FILES_LIMIT_BYTES;
  app.register(multipart, { limits: { fileSize: limit + 1, files: 1, fields: 5 } });
  // Any other body (text/plain too) is the file itself, streamed; JSON keeps its parser for PATCH.
  app.addContentTypeParser(["text/plain", "*"], (_request, payload, done) => done(null, payload));

  app.post(
    "/api/v1/files",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags,
        summary: "Attach a file to a record (the raw file as body, or multipart field `file`)",
        description:
          "The file streams to the file store; its kind is sniffed from its bytes. Over FILES_LIMIT_BYTES: 413 and nothing is kept. The caller must be allowed to edit the record (404 when they cannot see it).",
        querystring: uploadQuery,
        response: { 201: fileSchema, 404: problemSchema, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const declared = Number(request.headers["content-length"] ?? 0);
      if (!request.isMultipart() && declared > limit) throw new FileTooLargeError(limit);
      const ctx = requestContext(request);
      const { source, fileName } = await uploadSource(request);
      const file = await storeAttachment(db, ctx, store, {
        source,
        name: request.query.name ?? fileName ?? "file",
        record: { entity: request.query.recordType, id: request.query.recordId },
        limitBytes: limit,
      });
      return reply.code(201).send(file);
    },
  );

  app.get(
    "/api/v1/files",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "The files of a record, newest first",
        querystring: listFilesQuery,
        response: { 200: fileListSchema, 404: problemSchema },
      },
    },
    async (request) =>
      listRecordFiles(db, requestContext(request), {
        entity: request.query.recordType,
        id: request.query.recordId,
      }),
  );

  app.get(
    "/api/v1/files/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "One file's details",
        params: idParams,
        response: { 200: fileSchema, 404: problemSchema },
      },
    },
    async (request) => presentFile((await getRecordFile(db, requestContext(request), request.params.id)).row),
  );

  app.patch(
    "/api/v1/files/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Rename a file",
        params: idParams,
        body: renameBody,
        response: { 200: fileSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) =>
      db
        .transaction()
        .execute((trx) =>
          renameRecordFile(trx, requestContext(request), request.params.id, request.body.name),
        ),
  );

  app.delete(
    "/api/v1/files/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Remove a file from its record (soft delete, audited)",
        params: idParams,
        response: { 204: z.null(), 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await db
        .transaction()
        .execute((trx) => deleteRecordFile(trx, requestContext(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/files/:id/download",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Download a file (attachment; `inline=1` shows images and PDFs)",
        params: idParams,
        querystring: downloadQuery,
        response: { 200: z.string().describe("The file's bytes (streamed)"), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { row } = await getRecordFile(db, requestContext(request), request.params.id);
      const inline = request.query.inline === "1" || request.query.inline === "true";
      return sendBlob(
        reply,
        store,
        {
          sha256: row.blob_sha256,
          name: row.name,
          contentType: row.content_type,
          size: Number(row.size),
          kind: row.kind,
        },
        { inline },
      );
    },
  );
}
