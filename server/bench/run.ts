/**
 * `npm run bench -- --scale 10k`: loads a synthetic data set into a fresh database, starts the real server
 * in-process and measures each scenario over HTTP (autocannon) against the same SQL straight through `pg`.
 * Results: bench/results/<timestamp>-<scale>.json and a table in docs/PERFORMANCE.md.
 */
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { modules } from "../src/modules/index.js";
import { loadConfig } from "../src/platform/config/config.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { findFreePort } from "../src/platform/db/embedded.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { apiRoutes } from "../src/platform/http/app.js";
import { type Runtime, startRuntime } from "../src/platform/runtime.js";
import { parseBenchArgs } from "./args.js";
import { benchDatabase } from "./database.js";
import { benchId } from "./generators/types.js";
import { loadData } from "./load.js";
import { measureHttp, measureSql } from "./measure.js";
import { type BenchResult, type CaseResult, repoRoot, updatePerformanceDoc, writeJson } from "./report.js";
import { scenarios } from "./scenarios/index.js";
import type { BenchContext } from "./scenarios/types.js";

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const loadBefore = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;
  log(`scale ${args.scale}, ${args.connections} connections, ${args.seconds} s per case`);
  const database = await benchDatabase(log);
  let runtime: Runtime | null = null;
  const raw = createPool(database.url, args.connections + 2);
  try {
    const db = createDb(createPool(database.url, 2));
    await migrateToLatest(db as never);
    await db.destroy();
    const load = await loadData(raw, args.factor, log);

    const config = loadConfig(
      {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        DATABASE_URL: database.url,
        HOST: "127.0.0.1",
        PORT: String(await findFreePort()),
        DATABASE_POOL_SIZE: String(Math.max(10, args.connections)),
      },
      [],
    );
    // Background handlers stay off so the two cores measure request handling only.
    runtime = await startRuntime({
      config,
      logger: pino({ level: "warn" }),
      modules,
      http: true,
      work: false,
    });
    const baseUrl = `http://127.0.0.1:${config.PORT}`;
    const ids = await raw.query<{ admin: string; owner: string }>(
      `select ${benchId("users", "1")} as admin, ${benchId("users", "2")} as owner`,
    );
    const { admin: adminId, owner: ownerId } = ids.rows[0] ?? { admin: "", owner: "" };
    const token = await createApiToken(runtime.deps.db, adminId, { name: "benchmark" });
    const auth = { authorization: `Bearer ${token.token}` };
    const ctx: BenchContext = {
      baseUrl,
      auth,
      adminId,
      ownerId,
      pool: raw,
      routes: new Set(apiRoutes(runtime.app as object).map((r) => `${r.method} ${r.url}`)),
      rows: load.rows,
      fetchJson: async <T>(p: string) => {
        const res = await fetch(`${baseUrl}${p}`, { headers: auth });
        if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      },
    };

    const cases: CaseResult[] = [];
    const skipped: Record<string, string> = { ...load.skipped };
    const opts = { connections: args.connections, seconds: args.seconds };
    for (const s of scenarios) {
      if (args.only && !args.only.includes(s.name)) continue;
      const why = s.unavailable(ctx);
      if (why) {
        skipped[s.name] = why;
        log(`skip ${s.name}: ${why}`);
        continue;
      }
      for (const c of await s.prepare(ctx)) {
        if (!args.quick) await measureHttp(baseUrl, c.request, { connections: args.connections, seconds: 1 });
        const api = await measureHttp(baseUrl, c.request, opts);
        const sqlStats = c.sql ? await measureSql(raw, c.sql, opts) : null;
        const ratio = sqlStats && sqlStats.p50 > 0 ? Math.round((api.p50 / sqlStats.p50) * 10) / 10 : null;
        cases.push({ scenario: s.name, name: c.name, api, sql: sqlStats, ratio });
        log(
          `${c.name}: API p50 ${api.p50} ms p95 ${api.p95} p99 ${api.p99}, ${api.rps} req/s, ${api.errors} errors | SQL p50 ${sqlStats?.p50 ?? "-"} ms, ${sqlStats?.rps ?? "-"} q/s | ratio ${ratio ?? "-"}`,
        );
        if (api.errors > 0) {
          const res = await fetch(`${baseUrl}${c.request.path}`, { headers: c.request.headers ?? {} });
          log(
            `  ${api.errors} failed requests; one answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
          );
        }
        if (api.count === 0) throw new Error(`${c.name}: no successful responses (${api.errors} errors)`);
      }
    }
    const pgVersion = await raw.query<{ v: string }>("select current_setting('server_version') as v");
    const cpus = os.cpus();
    const result: BenchResult = {
      startedAt,
      scale: args.scale,
      durationSeconds: args.seconds,
      connections: args.connections,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: pgVersion.rows[0]?.v ?? "unknown",
        os: `${os.type()} ${os.release()}`,
        loadAverage: { before: loadBefore, after: Math.round((os.loadavg()[0] ?? 0) * 10) / 10 },
      },
      database: database.kind,
      load,
      cases,
      skipped,
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    if (args.record) {
      const json = writeJson(result);
      const doc = updatePerformanceDoc(result, json);
      log(`results: ${path.relative(repoRoot, json)}, ${path.relative(repoRoot, doc)}`);
    }
    log(`done in ${result.totalSeconds} s`);
  } finally {
    await runtime?.stop();
    await raw.end();
    await database.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
