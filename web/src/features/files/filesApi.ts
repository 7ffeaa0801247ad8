import { queryOptions, useQuery } from "@tanstack/react-query";
import { withCsrf } from "../../api/csrf";
import { apiErrorFromResponse, networkError } from "../../api/problem";

/** A file attached to a record (`GET /api/v1/files`). */
export interface RecordFile {
  id: string;
  name: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
  recordType: string;
  recordId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordFileList {
  items: RecordFile[];
  canEdit: boolean;
}

/** Kinds the server shows inline (`?inline=1`); everything else is only ever downloaded. */
export const PREVIEW_KINDS: ReadonlySet<string> = new Set(["png", "jpeg", "gif", "webp", "pdf"]);

export const downloadUrl = (id: string, inline = false) =>
  `/api/v1/files/${encodeURIComponent(id)}/download${inline ? "?inline=1" : ""}`;

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    const headers = withCsrf(method, new Headers({ Accept: "application/json" }));
    if (body !== undefined) headers.set("Content-Type", "application/json");
    // Absolute, as the typed client does (`new Request("/path")` is rejected outside browsers).
    response = await fetch(new URL(url, globalThis.location?.origin ?? "http://localhost"), {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw networkError(err);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw apiErrorFromResponse(response, json);
  return json as T;
}

export const recordFilesKey = (recordType: string, recordId: string) =>
  ["files", recordType, recordId] as const;

export const recordFilesQuery = (recordType: string, recordId: string) =>
  queryOptions({
    queryKey: recordFilesKey(recordType, recordId),
    queryFn: () =>
      call<RecordFileList>("GET", `/api/v1/files?${new URLSearchParams({ recordType, recordId })}`),
  });

/** The files of a record and whether the user may change them; reusable (e.g. "attach from the record"). */
export function useRecordFiles(recordType: string, recordId: string, enabled = true) {
  return useQuery({ ...recordFilesQuery(recordType, recordId), enabled });
}

export const renameFile = (id: string, name: string) =>
  call<RecordFile>("PATCH", `/api/v1/files/${encodeURIComponent(id)}`, { name });

export const deleteFile = (id: string) => call<null>("DELETE", `/api/v1/files/${encodeURIComponent(id)}`);

/** Uploads with progress (XMLHttpRequest: fetch cannot report upload progress); the body is the raw file. */
export function uploadRecordFile(
  recordType: string,
  recordId: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<RecordFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ recordType, recordId, name: file.name });
    xhr.open("POST", `/api/v1/files?${query}`);
    const headers = withCsrf("POST", new Headers({ Accept: "application/json" }));
    for (const [key, value] of headers) xhr.setRequestHeader(key, value);
    // Never the browser's guess: the server sniffs the bytes, and JSON/multipart bodies are parsed differently.
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
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
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as RecordFile);
      else reject(apiErrorFromResponse(new Response(null, { status: xhr.status }), body));
    };
    xhr.send(file);
  });
}
