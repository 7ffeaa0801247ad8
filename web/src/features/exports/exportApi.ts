import { requestJson } from "../../api/client";

/**
 * `/api/v1/exports` is not in the OpenAPI document yet, so responses are read defensively here; switch to the
 * typed client once `npm run gen:api` picks the endpoint up.
 */
export type ExportFormat = "csv" | "xlsx" | "vcf";
export type ExportStatus = "queued" | "running" | "completed" | "failed";

export interface ExportRequest {
  entity: string;
  format: ExportFormat;
  columns: string[];
  filter?: string | undefined;
  sort?: string | undefined;
  /** Header labels by column key (the user's language). */
  labels?: Record<string, string> | undefined;
}

export interface ExportJobView {
  id: string;
  status: ExportStatus;
  rowCount: number | null;
  error: string | null;
  downloadUrl: string;
}

const STATUSES: readonly ExportStatus[] = ["queued", "running", "completed", "failed"];

export function parseExportJob(body: unknown): ExportJobView {
  const record = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const id = typeof record.id === "string" ? record.id : "";
  const status = STATUSES.includes(record.status as ExportStatus)
    ? (record.status as ExportStatus)
    : "queued";
  const url =
    typeof record.downloadUrl === "string" && record.downloadUrl.startsWith("/") ? record.downloadUrl : null;
  return {
    id,
    status,
    rowCount: typeof record.rowCount === "number" ? record.rowCount : null,
    error: typeof record.error === "string" ? record.error : null,
    downloadUrl: url ?? `/api/v1/exports/${encodeURIComponent(id)}/download`,
  };
}

export async function createExport(request: ExportRequest): Promise<ExportJobView> {
  const body = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
  return parseExportJob(
    await requestJson("/api/v1/exports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

export const getExport = async (id: string) =>
  parseExportJob(await requestJson(`/api/v1/exports/${encodeURIComponent(id)}`));

/** Export-only columns added to the view's columns: a task row names the records it is linked to. */
const EXPORT_EXTRAS: Partial<Record<string, string[]>> = { tasks: ["links"] };
export const withExportExtras = (entity: string, columns: string[]) => [
  ...columns,
  ...(EXPORT_EXTRAS[entity] ?? []).filter((key) => !columns.includes(key)),
];
