import http from "node:http";
import { benchImport, generateContactsCsv } from "../import-bench.js";
import { startServerProcess } from "../server-process.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

const TARGET = { min: 20_000 };

interface ImportView {
  id: string;
  status: string;
  mapping: Record<string, string>;
  progress: { processed: number; created: number; failed: number; skipped: number };
  error: string | null;
}

/** 100k contacts at the 100k and 1m scales, 10k below (1k in a --quick smoke run). */
export const importRows = (factor: number, quick: boolean) =>
  quick ? 1_000 : factor >= 0.1 ? 100_000 : 10_000;

/** node:http rather than fetch: a 100k-row dry run can answer after more than fetch's 300 s header timeout. */
function call(ctx: BenchContext, method: string, path: string, body?: string, type?: string) {
  return new Promise<ImportView>((resolve, reject) => {
    const req = http.request(
      `${ctx.baseUrl}${path}`,
      { method, headers: { ...ctx.auth, ...(type ? { "content-type": type } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 500) >= 400)
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text) as ImportView);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const perSecond = (rows: number, s: number) => Math.round(rows / s);

/** Upload → mapping → dry run → run → poll, through the HTTP routes; the job runs in a worker process. */
async function overHttp(ctx: BenchContext, rows: number): Promise<Metric[]> {
  const csv = generateContactsCsv(rows, 7_000_000);
  let t0 = performance.now();
  const uploaded = await call(
    ctx,
    "POST",
    "/api/v1/imports?entity=contacts&fileName=bench.csv",
    csv,
    "text/csv",
  );
  const upload = seconds(t0);
  await call(
    ctx,
    "PUT",
    `/api/v1/imports/${uploaded.id}/mapping`,
    JSON.stringify({
      mapping: uploaded.mapping,
      options: { skipInvalidRows: true, duplicatePolicy: "skip" },
    }),
    "application/json",
  );
  t0 = performance.now();
  // The dry run is a job (imports.dry-run) in the worker: poll until it is validated.
  let checked = await call(ctx, "POST", `/api/v1/imports/${uploaded.id}/dry-run`);
  while (checked.status === "validating") {
    if (seconds(t0) > 1800) throw new Error("dry run still running after 30 minutes");
    await new Promise((r) => setTimeout(r, 100));
    checked = await call(ctx, "GET", `/api/v1/imports/${uploaded.id}`);
  }
  if (checked.status !== "validated")
    throw new Error(`dry run ended ${checked.status}: ${checked.error ?? ""}`);
  const dry = seconds(t0);
  t0 = performance.now();
  let imp = await call(ctx, "POST", `/api/v1/imports/${uploaded.id}/run`);
  while (!["completed", "failed"].includes(imp.status)) {
    if (seconds(t0) > 1800) throw new Error(`import still ${imp.status} after 30 minutes`);
    await new Promise((r) => setTimeout(r, 100));
    imp = await call(ctx, "GET", `/api/v1/imports/${uploaded.id}`);
  }
  const run = seconds(t0);
  const reasons = await ctx.pool.query<{ reason: string; n: string }>(
    "select reason, count(*)::text as n from import_errors where import_id = $1 group by reason order by 2 desc limit 5",
    [uploaded.id],
  );
  ctx.log(
    `import over HTTP: problems ${reasons.rows.map((r) => `${r.n}× ${r.reason}`).join("; ") || "none"}`,
  );
  if (imp.status !== "completed" || imp.progress.processed !== rows)
    throw new Error(
      `HTTP import ended ${imp.status} after ${imp.progress.processed} rows: ${imp.error ?? ""}`,
    );
  const n = `${rows.toLocaleString("en-US")} contacts`;
  return [
    {
      name: `import over HTTP: upload ${n}`,
      value: perSecond(rows, upload),
      unit: "rows/s",
      note: `${upload.toFixed(1)} s, ${(csv.length / 2 ** 20).toFixed(1)} MiB`,
    },
    {
      name: `import over HTTP: dry run ${n}`,
      value: perSecond(rows, dry),
      unit: "rows/s",
      target: TARGET,
      note: `${dry.toFixed(1)} s`,
    },
    {
      name: `import over HTTP: run ${n} (job, polled)`,
      value: perSecond(rows, run),
      unit: "rows/s",
      target: TARGET,
      note: `${run.toFixed(1)} s; created ${imp.progress.created}, skipped ${imp.progress.skipped}, failed ${imp.progress.failed}`,
    },
  ];
}

/**
 * CSV import of N contacts (Russian/English names, mixed phone formats, ~1 % duplicates and invalid rows),
 * through the real HTTP routes with a worker process running the job, and through the pipeline directly
 * (import-bench.ts: the same service functions, in this process).
 */
export const csvImport: Scenario = {
  name: "import",
  unavailable: (ctx) =>
    ctx.routes.has("POST /api/v1/imports") && ctx.routes.has("POST /api/v1/imports/:id/run")
      ? null
      : "the import routes do not exist",
  measure: async (ctx) => {
    const rows = ctx.importRows ?? importRows(ctx.factor, ctx.quick);
    const worker = await startServerProcess({
      databaseUrl: ctx.databaseUrl,
      http: false,
      work: true,
      log: ctx.log,
    });
    let metrics: Metric[];
    try {
      metrics = await overHttp(ctx, rows);
    } finally {
      await worker.stop();
    }
    const direct = await benchImport(ctx.databaseUrl, rows, 9_000_000);
    const n = `${rows.toLocaleString("en-US")} contacts`;
    metrics.push(
      {
        name: `import pipeline directly: dry run ${n}`,
        value: perSecond(rows, direct.dryRunSeconds),
        unit: "rows/s",
        target: TARGET,
        note: `${direct.dryRunSeconds.toFixed(1)} s`,
      },
      {
        name: `import pipeline directly: run ${n}`,
        value: direct.rowsPerSecond,
        unit: "rows/s",
        target: TARGET,
        note: `${direct.seconds.toFixed(1)} s`,
      },
      {
        name: `import pipeline directly: search catch-up after the run ${n}`,
        value: perSecond(direct.catchUp.rows, direct.catchUp.seconds),
        unit: "rows/s",
        note: `${direct.catchUp.seconds.toFixed(1)} s for ${direct.catchUp.rows.toLocaleString("en-US")} rows (fuzzy-search indexes, in the background)`,
      },
    );
    return metrics;
  },
};
