import { api, unwrap } from "../../api/client";
import { withCsrf } from "../../api/csrf";
import { apiErrorFromResponse, networkError } from "../../api/problem";
import type { Delimiter, ImportEntity, ImportJob, ImportOptions } from "./types";

/** Uploads the raw file with upload progress (XMLHttpRequest: fetch cannot report upload progress). */
export function uploadImportFile(
  entity: ImportEntity,
  file: File,
  onProgress: (percent: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ entity, fileName: file.name });
    xhr.open("POST", `/api/v1/imports?${query}`);
    const headers = withCsrf("POST", new Headers({ Accept: "application/json" }));
    for (const [key, value] of headers) xhr.setRequestHeader(key, value);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(networkError(new Error("upload failed")));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportJob);
      else reject(apiErrorFromResponse(new Response(null, { status: xhr.status }), body));
    };
    xhr.send(file);
  });
}

export const getImport = (id: string) =>
  unwrap(api.GET("/api/v1/imports/{id}", { params: { path: { id } } }));

export const getPreview = (id: string, override: { encoding?: string; delimiter?: Delimiter }) =>
  unwrap(api.GET("/api/v1/imports/{id}/preview", { params: { path: { id }, query: override } }));

export const saveMapping = (
  id: string,
  body: {
    mapping: Record<string, string>;
    encoding?: string;
    delimiter?: Delimiter;
    options?: Partial<ImportOptions>;
  },
) => unwrap(api.PUT("/api/v1/imports/{id}/mapping", { params: { path: { id } }, body }));

/** Warnings of an unsaved mapping over the first rows of the file (nothing is saved). */
export const checkMapping = (
  id: string,
  body: {
    mapping: Record<string, string>;
    encoding?: string;
    delimiter?: Delimiter;
    options?: Pick<Partial<ImportOptions>, "defaultCountry" | "dateOrder">;
  },
) => unwrap(api.POST("/api/v1/imports/{id}/mapping/check", { params: { path: { id } }, body }));

/** A page of the per-row problems, values as they were in the file. */
export const getImportErrors = (id: string, limit: number) =>
  unwrap(api.GET("/api/v1/imports/{id}/errors", { params: { path: { id }, query: { limit } } }));

export const dryRun = (id: string) =>
  unwrap(api.POST("/api/v1/imports/{id}/dry-run", { params: { path: { id } } }));
export const runImport = (id: string) =>
  unwrap(api.POST("/api/v1/imports/{id}/run", { params: { path: { id } } }));
export const revertImport = (id: string) =>
  unwrap(api.POST("/api/v1/imports/{id}/revert", { params: { path: { id } } }));

export const errorsCsvUrl = (id: string) => `/api/v1/imports/${encodeURIComponent(id)}/errors.csv`;
