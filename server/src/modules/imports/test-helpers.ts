import type { App } from "../../platform/http/types.js";

/** Uploads a file body as the raw request body and returns the import. */
export async function upload(
  app: App,
  headers: Record<string, string>,
  entity: string,
  body: Buffer | string,
  fileName = "data.csv",
) {
  return app.inject({
    method: "POST",
    url: `/api/v1/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...headers, "content-type": "application/octet-stream" },
    payload: typeof body === "string" ? Buffer.from(body) : body,
  });
}
