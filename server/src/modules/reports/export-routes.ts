import type { FastifyReply } from "fastify";
import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { getDashboard } from "./dashboards-service.js";
import { type ReportDefinition, reportDefinitionSchema } from "./definition.js";
import { reportCsv, reportPdf, reportXlsx, type Section } from "./documents.js";
import { reportsByIdUnshared } from "./repository.js";
import { runReport, workspaceCurrency } from "./run.js";
import { getReport } from "./service.js";

const tags = ["reports"];
const FORMATS = ["csv", "xlsx", "pdf"] as const;
type Format = (typeof FORMATS)[number];
const TYPES: Record<Format, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

async function language(db: AppDeps["db"], userId: string): Promise<string> {
  const u = await db.selectFrom("users").select("language").where("id", "=", userId).executeTakeFirst();
  return u?.language ?? "en";
}

async function send(reply: FastifyReply, format: Format, name: string, sections: Section[], lang: string) {
  const now = new Date().toISOString().slice(0, 16).replace("T", " ");
  const [first] = sections;
  const body =
    format === "pdf"
      ? await reportPdf(sections, lang, now)
      : format === "xlsx"
        ? await reportXlsx(sections, lang)
        : first
          ? reportCsv(first.definition, first.result, lang)
          : Buffer.from("");
  const file = `${
    name
      .replace(/[^\p{L}\p{N} _-]+/gu, "")
      .trim()
      .slice(0, 60) || "report"
  }.${format}`;
  return reply
    .type(TYPES[format])
    .header(
      "content-disposition",
      `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(file)}`,
    )
    .send(body);
}

const fileResponse = {
  200: z.any().describe("The file (CSV, XLSX or PDF)"),
  404: problemSchema,
  422: problemSchema,
};

/** Downloads: a report as CSV/XLSX/PDF, a dashboard as PDF (or XLSX, a sheet per report) — viewer's permissions. */
export function exportRoutes(app: App, { db, config }: AppDeps) {
  app.get(
    "/api/v1/reports/:id/export",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Download a saved report (run with the caller's permissions) as CSV, XLSX or PDF",
        params: idParams,
        querystring: z.strictObject({ format: z.enum(FORMATS) }),
        response: fileResponse,
      },
    },
    async (req, reply) => {
      const { actor } = requestContext(req);
      const report = await getReport(db, actor, req.params.id);
      const result = await runReport(db, actor, report.definition, await workspaceCurrency(db, config));
      const lang = await language(db, actor.userId);
      return send(
        reply,
        req.query.format,
        report.name,
        [{ name: report.name, definition: report.definition, result }],
        lang,
      );
    },
  );
  app.post(
    "/api/v1/reports/export",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Download an unsaved report definition's result as CSV, XLSX or PDF",
        body: z.strictObject({
          definition: reportDefinitionSchema,
          format: z.enum(FORMATS),
          name: z.string().trim().min(1).max(200).default("Report"),
        }),
        response: fileResponse,
      },
    },
    async (req, reply) => {
      const { actor } = requestContext(req);
      const result = await runReport(db, actor, req.body.definition, await workspaceCurrency(db, config));
      const lang = await language(db, actor.userId);
      const { name, definition, format } = req.body;
      return send(reply, format, name, [{ name, definition, result }], lang);
    },
  );
  app.get(
    "/api/v1/dashboards/:id/export",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["dashboards"],
        summary: "Download a dashboard's report widgets (those the caller may see) as PDF or XLSX",
        params: idParams,
        querystring: z.strictObject({ format: z.enum(["pdf", "xlsx"]) }),
        response: fileResponse,
      },
    },
    async (req, reply) => {
      const { actor } = requestContext(req);
      const dash = await getDashboard(db, actor, req.params.id);
      const visible = dash.widgets.filter((w) => w.kind === "report" && !w.hidden && w.reportId);
      const reports = await reportsByIdUnshared(
        db,
        visible.map((w) => w.reportId as string),
      );
      const sections: Section[] = [];
      for (const w of visible) {
        const r = reports.get(w.reportId as string);
        if (!r) continue;
        const definition = r.definition as ReportDefinition;
        sections.push({
          name: w.title || r.name,
          definition,
          result: await runReport(db, actor, definition, await workspaceCurrency(db, config)),
        });
      }
      return send(reply, req.query.format, dash.name, sections, await language(db, actor.userId));
    },
  );
}
