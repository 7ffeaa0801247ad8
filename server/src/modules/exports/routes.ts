import { z } from "zod";
import { NotFoundError } from "../../platform/errors.js";
import { sendStoredFile } from "../../platform/files/http.js";
import { getFile } from "../../platform/files/storage.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, listQuery, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { deleteExport, listExports } from "./history.js";
import { contactCard, createExport, EXPORT_JOB, type ExportRow, findExport, runExport } from "./service.js";

/** `entity`: the entities declaring the export capability (an enum built when the routes register). */
const createBody = (entity: z.ZodType<string>, formats: string) =>
  z.strictObject({
    entity,
    format: z.enum(["csv", "xlsx", "vcf"]).describe(`Formats per entity: ${formats}`),
    filter: z
      .string()
      .max(20_000)
      .optional()
      .describe("The list engine's filter (JSON), as for GET /{entity}?filter="),
    q: z.string().max(200).optional().describe("The list's quick search, as for GET /{entity}?q="),
    sort: z.string().max(500).optional(),
    columns: z
      .array(z.string().max(100))
      .max(300)
      .optional()
      .describe("Field keys; hidden or unknown ones are dropped"),
    viewId: z.uuid().optional(),
    delimiter: z.enum([",", ";"]).optional(),
    header: z
      .enum(["labels", "keys"])
      .optional()
      .describe("Header row: column labels (default) or field keys"),
    labels: z
      .record(z.string().max(100), z.string().max(200))
      .optional()
      .describe("Column labels by key in the caller's language (the header when header=labels)"),
  });

const exportSchema = z.object({
  id: z.uuid(),
  entity: z.string(),
  format: z.enum(["csv", "xlsx", "vcf"]),
  status: z.enum(["queued", "running", "completed", "failed"]),
  columns: z.array(z.string()),
  rowCount: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

function present(r: ExportRow): z.infer<typeof exportSchema> {
  return {
    id: r.id,
    entity: r.entity,
    format: r.format,
    status: r.status,
    columns: r.columns,
    rowCount: r.row_count,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

export function routes(app: App, deps: AppDeps): void {
  const { db, jobs } = deps;
  const exportable = deps.entities.with("export");
  const formats = exportable.map((d) => `${d.name}: ${d.capabilities.export?.formats.join(", ")}`).join("; ");
  app.post(
    "/api/v1/exports",
    {
      config: { access: access.authenticated({ allowReadOnlyToken: true }) },
      schema: {
        tags: ["exports"],
        summary: "Export records (CSV, XLSX or vCard) in the background; poll GET /exports/{id}",
        body: createBody(entityEnum(deps.entities, "export"), formats),
        response: { 202: exportSchema },
      },
    },
    async (request, reply) =>
      reply.code(202).send(present(await createExport(db, jobs, requestContext(request), request.body))),
  );

  app.get(
    "/api/v1/exports",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["exports"],
        summary: "My exports, newest first (files are kept 7 days)",
        querystring: listQuery.strict(),
        response: {
          200: z.object({ items: z.array(exportSchema), nextCursor: z.string().nullable() }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const page = await listExports(db, requestContext(request), request.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    "/api/v1/exports/:id",
    {
      config: { access: access.authenticated({ allowReadOnlyToken: true }) },
      schema: {
        tags: ["exports"],
        summary: "Delete one of my exports and its file",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      await db.transaction().execute((trx) => deleteExport(trx, requestContext(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/exports/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["exports"],
        summary: "Export status",
        params: idParams,
        response: { 200: exportSchema },
      },
    },
    async (request) => present(await findExport(db, requestContext(request), request.params.id)),
  );

  app.get(
    "/api/v1/exports/:id/download",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["exports"],
        summary: "Download the exported file (attachment)",
        params: idParams,
        response: { 200: z.string().describe("The CSV, XLSX or vCard file"), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await findExport(db, requestContext(request), request.params.id);
      const file = row.file_id ? await getFile(db, row.file_id) : null;
      if (!file) throw new NotFoundError("Export file");
      return sendStoredFile(reply, db, file);
    },
  );

  app.get(
    "/api/v1/contacts/:id/vcard",
    {
      config: { access: access.entity("contacts", "read") },
      schema: {
        tags: ["contacts"],
        summary: "The contact as a vCard 4.0 file",
        params: idParams,
        produces: ["text/vcard"],
        response: { 200: z.string().describe("text/vcard"), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { name, card } = await contactCard(db, requestContext(request), request.params.id);
      const fileName = `${name.replace(/[^\p{L}\p{N} ._-]/gu, "").trim() || "contact"}.vcf`;
      return reply
        .header("content-type", "text/vcard; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="contact.vcf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header("x-content-type-options", "nosniff")
        .send(card);
    },
  );
}

export function exportJob(deps: AppDeps): JobDefinition<{ exportId: string }> {
  return {
    name: EXPORT_JOB,
    retryLimit: 2,
    expireInSeconds: 3600,
    handler: async (jobs) => {
      for (const j of jobs) await runExport(deps.db, j.data.exportId);
    },
  };
}
