/**
 * The HTTP dry run of the import scenario (`scenarios/import.ts`) in CPU per row, usable on a loaded machine:
 * uploads the scenario's CSV of N contacts once through the routes, then checks it R times (`POST /dry-run`,
 * polled every 100 ms, the job in a worker process as in the scenario) and prints per round the wall time,
 * rows/s, the worker's CPU µs per row and PostgreSQL's (postmaster and its children, /proc — Linux, same
 * machine), with the load average. The import is deleted afterwards, so a kept set stays as it was.
 *
 *   npx tsx bench/import-http-cpu.ts KEEP_DIR [rows=100000] [rounds=3] [--profile DIR]
 *
 * `--profile DIR`: a V8 CPU profile of the worker (summarize with `bench/profile-summary.ts`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { clusterCpuUs, processCpuUs } from "./cpu.js";
import { keptDatabase } from "./database.js";
import { benchId } from "./generators/types.js";
import { generateContactsCsv } from "./import-bench.js";
import { startServerProcess } from "./server-process.js";

installEntities(modules);
installChangeEvents(modules);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { profile: { type: "string" } },
    allowPositionals: true,
  });
  const [dir, rowsArg, roundsArg] = positionals;
  if (!dir) throw new Error("usage: tsx bench/import-http-cpu.ts KEEP_DIR [rows] [rounds] [--profile DIR]");
  const rows = Number(rowsArg ?? 100_000);
  const rounds = Number(roundsArg ?? 3);
  const log = (line: string) => console.log(line);
  const kept = await keptDatabase(dir, () => {});
  const raw = new pg.Pool({ connectionString: kept.url, max: 2 });
  const db = createDb(createPool(kept.url, 2));
  const profileDir = values.profile ? path.resolve(values.profile) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const server = await startServerProcess({ databaseUrl: kept.url, log });
  const worker = await startServerProcess({
    databaseUrl: kept.url,
    http: false,
    work: true,
    cpuProfileDir: profileDir,
    log,
  });
  let importId: string | null = null;
  let auth: Record<string, string> = {};
  const call = async (method: string, url: string, body?: BodyInit, type?: string) => {
    const res = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: { ...auth, ...(type ? { "content-type": type } : {}) },
      body,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return text
      ? (JSON.parse(text) as { id: string; status: string; mapping: object; error?: string })
      : null;
  };
  try {
    const postmaster = Number(fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    const adminId = (await raw.query<{ id: string }>(`select ${benchId("users", "1")}::text as id`)).rows[0]
      ?.id as string;
    auth = {
      authorization: `Bearer ${(await createApiToken(db, adminId, { name: "import-http-cpu" })).token}`,
    };
    const csv = generateContactsCsv(rows, 7_000_000);
    const uploaded = await call(
      "POST",
      "/api/v1/imports?entity=contacts&fileName=bench.csv",
      csv,
      "text/csv",
    );
    if (!uploaded) throw new Error("no upload");
    importId = uploaded.id;
    await call(
      "PUT",
      `/api/v1/imports/${importId}/mapping`,
      JSON.stringify({
        mapping: uploaded.mapping,
        options: { skipInvalidRows: true, duplicatePolicy: "skip" },
      }),
      "application/json",
    );
    for (let round = 1; round <= rounds; round++) {
      const load0 = os.loadavg()[0] ?? 0;
      const w0 = processCpuUs(worker.pid) ?? 0;
      const p0 = clusterCpuUs(postmaster);
      const t0 = performance.now();
      let checked = await call("POST", `/api/v1/imports/${importId}/dry-run`);
      while (checked?.status === "validating") {
        await new Promise((r) => setTimeout(r, 100));
        checked = await call("GET", `/api/v1/imports/${importId}`);
      }
      if (checked?.status !== "validated")
        throw new Error(`dry run ended ${checked?.status}: ${checked?.error}`);
      const seconds = (performance.now() - t0) / 1000;
      const workerUs = ((processCpuUs(worker.pid) ?? 0) - w0) / rows;
      const pgUs = (clusterCpuUs(postmaster) - p0) / rows;
      log(
        `round ${round}: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s; ` +
          `CPU per row: worker ${workerUs.toFixed(1)} µs, PostgreSQL ${pgUs.toFixed(1)} µs; ` +
          `load ${load0.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
      );
    }
  } finally {
    if (importId) await call("DELETE", `/api/v1/imports/${importId}`).catch((err) => log(String(err)));
    await worker.stop();
    await server.stop();
    await db.destroy();
    await raw.end();
    await kept.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
