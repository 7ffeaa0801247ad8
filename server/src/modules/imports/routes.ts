import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { BadRequestError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, listQuery, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { startDryRun } from "./dry-run.js";
import { discardImport, listImports } from "./history.js";
import { checkImportMapping, inferFieldType } from "./mapping-check.js";
import type { ImportSettings } from "./options.js";
import { errorsCsv, errorsPage } from "./report.js";
import { findImport } from "./repository.js";
import { revertImport } from "./revert.js";
import {
  errorsPageSchema,
  importSchemaFor,
  importTargets,
  mappingBody,
  mappingCheckBody,
  mappingCheckSchema,
  presentImport,
  previewQuery,
  previewSchema,
  uploadQuery,
} from "./schemas.js";
import { searchCatchingUp } from "./search-state.js";
import { configure, createImport, preview, startRun } from "./service.js";
import { dateOrderOf } from "./validate.js";
import { workspaceCountryRoutes } from "./workspace-country.js";

/** Raw uploads: the body is the file itself, streamed (never buffered as JSON). */
const RAW_TYPES = [
  "text/csv",
  "text/plain",
  "text/tab-separated-values",
  "text/vcard",
  "text/x-vcard",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];

async function uploadSource(request: FastifyRequest, fallbackName: string) {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw new BadRequestError("file_missing", "Send the file in a multipart field named `file`.");
    return { source: part.file as AsyncIterable<Buffer>, fileName: part.filename || fallbackName };
  }
  return { source: request.body as AsyncIterable<Buffer>, fileName: fallbackName };
}

export function routes(app: App, deps: AppDeps): void {
  workspaceCountryRoutes(app, deps);
  const { db, config, jobs } = deps;
  const targets = importTargets(deps.entities);
  const importSchema = importSchemaFor(targets);
  app.register(multipart, { limits: { fileSize: config.UPLOAD_LIMIT_BYTES + 1, files: 1, fields: 5 } });
  app.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    "/api/v1/imports",
    {
      config: { access: access.authenticated(), idempotent: false },
      schema: {
        tags: ["imports"],
        summary:
          "Upload a CSV/TSV, XLSX or vCard file to import (multipart field `file`, or the raw file as body)",
        querystring: uploadQuery(targets),
        response: { 201: importSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const { source, fileName } = await uploadSource(request, request.query.fileName ?? "import");
      const imp = await createImport(db, ctx, {
        entity: request.query.entity,
        fileName,
        source,
        limitBytes: config.UPLOAD_LIMIT_BYTES,
      });
      return reply.code(201).send(presentImport(imp));
    },
  );

  app.get(
    "/api/v1/imports",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "My imports, newest first",
        querystring: listQuery.extend({ entity: targets.optional() }).strict(),
        response: {
          200: z.object({ items: z.array(importSchema), nextCursor: z.string().nullable() }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const page = await listImports(db, requestContext(request), request.query);
      const catchingUp = await searchCatchingUp(db, page.items);
      return {
        items: page.items.map((i) => presentImport(i, catchingUp.has(i.id))),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.delete(
    "/api/v1/imports/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Discard an import that is not running, with its uploaded file (created records stay)",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      await db.transaction().execute((trx) => discardImport(trx, requestContext(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/imports/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Import status and progress",
        params: idParams,
        response: { 200: importSchema },
      },
    },
    async (request) => {
      const imp = await findImport(db, requestContext(request).actor, request.params.id);
      return presentImport(imp, (await searchCatchingUp(db, [imp])).has(imp.id));
    },
  );

  app.get(
    "/api/v1/imports/:id/preview",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Detected format, headers, the first 20 rows and the mappable fields",
        params: idParams,
        querystring: previewQuery,
        response: { 200: previewSchema },
      },
    },
    async (request) => {
      const p = await preview(db, requestContext(request), request.params.id, request.query);
      return {
        encoding: p.encoding,
        delimiter: p.delimiter,
        detectedEncoding: p.imp.detected_encoding,
        detectedDelimiter: p.imp.detected_delimiter,
        headers: p.headers,
        rows: p.rows,
        mapping: p.imp.mapping,
        dateOrders: Object.fromEntries(
          p.headers.flatMap((_, i) => {
            const order = dateOrderOf(p.rows.map((r) => r.cells[i] ?? ""));
            return order ? [[String(i), order]] : [];
          }),
        ),
        fields: p.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.kind,
          custom: f.custom ?? false,
        })),
        newFieldTypes: Object.fromEntries(
          p.headers.map((_, i) => [
            String(i),
            inferFieldType(
              p.rows.map((r) => r.cells[i] ?? ""),
              {
                region: ((p.imp.options as ImportSettings).defaultCountry ?? undefined) as
                  | CountryCode
                  | undefined,
              },
            ),
          ]),
        ),
      };
    },
  );

  app.post(
    "/api/v1/imports/:id/mapping/check",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary:
          "Check a mapping against the first 200 rows before saving it: columns whose values the chosen field " +
          "refuses or that hold several values for a one-value field",
        params: idParams,
        body: mappingCheckBody,
        response: { 200: mappingCheckSchema, 404: problemSchema },
      },
    },
    async (request) => checkImportMapping(db, requestContext(request), request.params.id, request.body),
  );

  app.put(
    "/api/v1/imports/:id/mapping",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Set the column → field mapping, encoding/delimiter overrides and options",
        params: idParams,
        body: mappingBody,
        response: { 200: importSchema },
      },
    },
    async (request) =>
      presentImport(await configure(db, requestContext(request), request.params.id, request.body)),
  );

  app.post(
    "/api/v1/imports/:id/dry-run",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary:
          "Start the dry run (background job imports.dry-run): validate every row and check duplicates " +
          "without writing; poll GET /imports/{id} until `validated` (counts in dryRun) or `failed`",
        params: idParams,
        response: { 202: importSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(presentImport(await startDryRun(db, jobs, requestContext(request), request.params.id))),
  );

  app.get(
    "/api/v1/imports/:id/errors",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary:
          "Per-row problems in file order (values as they were in the file; errors.csv escapes formulas for spreadsheets)",
        params: idParams,
        querystring: listQuery.strict(),
        response: { 200: errorsPageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const imp = await findImport(db, requestContext(request).actor, request.params.id);
      return errorsPage(db, imp.id, request.query);
    },
  );

  app.get(
    "/api/v1/imports/:id/errors.csv",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Per-row problems (row, column, value, reason) as CSV",
        params: idParams,
        produces: ["text/csv"],
        response: { 200: z.string().describe("CSV: row,column,value,reason,kind"), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const imp = await findImport(db, requestContext(request).actor, request.params.id);
      return (
        reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="import-${imp.id}-errors.csv"`)
          .header("x-content-type-options", "nosniff")
          // A stream: Fastify pipes it, the (documentation-only) string schema never serializes it.
          .send(errorsCsv(db, imp.id) as unknown as string)
      );
    },
  );

  app.post(
    "/api/v1/imports/:id/run",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Start the import (background job imports.run); poll GET /imports/{id}",
        params: idParams,
        response: { 202: importSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(presentImport(await startRun(db, jobs, requestContext(request), request.params.id))),
  );

  app.post(
    "/api/v1/imports/:id/revert",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["imports"],
        summary: "Soft-delete the records the import created and restore the ones it updated",
        params: idParams,
        response: { 200: importSchema },
      },
    },
    async (request) => presentImport(await revertImport(db, requestContext(request), request.params.id)),
  );
}
