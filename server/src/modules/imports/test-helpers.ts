import type { Database } from "../../platform/db/database.js";
import type { App } from "../../platform/http/types.js";
import { runDryRun } from "./dry-run.js";

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

/**
 * The dry run as the client sees it: POST /dry-run (202, `validating`), the queued job's work (tests do not
 * start workers), then GET /imports/{id} — the response carries `dryRun` when the check is done.
 */
export async function dryRun(
  t: { app: App; db: Database },
  headers: Record<string, string>,
  id: string,
  opts: { batchRows?: number } = {},
) {
  const started = await t.app.inject({ method: "POST", url: `/api/v1/imports/${id}/dry-run`, headers });
  if (started.statusCode !== 202) return started;
  await runDryRun(t.db, id, opts);
  return t.app.inject({ method: "GET", url: `/api/v1/imports/${id}`, headers });
}

/** A company imported deals can name in a "Company" column (a new deal needs a company or a contact). */
export async function createCompany(
  app: App,
  headers: Record<string, string>,
  name: string,
): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/v1/companies", headers, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`company ${name}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
