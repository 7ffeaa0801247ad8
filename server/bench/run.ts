/**
 * `npm run bench -- --scale 10k`: loads a synthetic data set into a fresh database, starts the real server in
 * a child process (bench/server.ts) and measures each scenario over HTTP (autocannon, in this process) at 1
 * and N connections against the same SQL straight through `pg`.
 * Results: bench/results/<timestamp>-<scale>.json and a table in docs/PERFORMANCE.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildRollups, rollupsPending } from "../src/modules/analytics/rollups.js";
import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { parseBenchArgs } from "./args.js";
import { cpuMeasurable, measureCpu } from "./cpu.js";
import { benchDatabase, keptDatabase } from "./database.js";
import { slowestStatement } from "./explain.js";
import { benchId } from "./generators/types.js";
import { type LoadReport, loadData } from "./load.js";
import { measureHttp, measureSql } from "./measure.js";
import { type BenchResult, type CaseResult, repoRoot, updatePerformanceDoc, writeJson } from "./report.js";
import { scenarios } from "./scenarios/index.js";
import type { BenchContext, Metric } from "./scenarios/types.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

/** Loads the data set, or with `--keep` reuses the one a previous run loaded (its report in DIR/load.json). */
async function loadOnce(
  keepDir: string | null,
  load: () => Promise<LoadReport>,
  log: (line: string) => void,
): Promise<LoadReport> {
  const file = keepDir ? path.join(keepDir, "load.json") : null;
  if (file && fs.existsSync(file)) {
    log(`reusing the data set loaded earlier (${file})`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as LoadReport;
  }
  const report = await load();
  if (file) fs.writeFileSync(file, JSON.stringify(report));
  return report;
}

const log = (line: string) => console.log(`[bench] ${line}`);
const loadAvg = () => Math.round((os.loadavg()[0] ?? 0) * 10) / 10;

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const loadBefore = loadAvg();
  log(`scale ${args.scale}, 1 and ${args.connections} connections, ${args.seconds} s per case and side`);
  // The loaders call services (custom fields) that read the module catalogues, as the server does.
  installEntities(modules);
  installChangeEvents(modules);
  const database = args.keepDir ? await keptDatabase(args.keepDir, log) : await benchDatabase(log);
  let server: ServerProcess | null = null;
  const raw = createPool(database.url, args.connections + 2);
  const db = createDb(createPool(database.url, 3));
  try {
    await migrateToLatest(db as never);
    const load = await loadOnce(args.keepDir, () => loadData(raw, db, args.factor, log), log);
    // What the analytics.rollups-build job does on a server's first minute (the bench server runs no jobs).
    if (await rollupsPending(db as never)) {
      const t0 = Date.now();
      const zones = await buildRollups(db as never);
      log(`analytics rollups built for ${zones.join(", ")} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    // The state autovacuum keeps a running server in: rollups just built or filled by a migration are visible to
    // index-only scans and have statistics (cheap when they already are).
    const rollupTables = await raw.query<{ t: string }>(
      `select string_agg(quote_ident(relname), ', ') as t from pg_stat_user_tables
       where relname like 'analytics\\_%' and (n_ins_since_vacuum > 0 or last_analyze is null and last_autoanalyze is null)`,
    );
    if (rollupTables.rows[0]?.t) await raw.query(`vacuum (analyze) ${rollupTables.rows[0].t}`);

    const adminId = (await raw.query<{ id: string }>(`select ${benchId("users", "1")}::text as id`)).rows[0]
      ?.id as string;
    const ownerId = (await raw.query<{ id: string }>(`select ${benchId("users", "2")}::text as id`)).rows[0]
      ?.id as string;
    const admin = await createApiToken(db, adminId, { name: "benchmark" });
    const manager = await createApiToken(db, ownerId, { name: "benchmark (sales manager)" });
    const auth = { authorization: `Bearer ${admin.token}` };
    if (args.profileDir) fs.mkdirSync(args.profileDir, { recursive: true });
    // Background handlers stay off so the two cores measure request handling only (the import scenario
    // starts a worker of its own).
    server = await startServerProcess({
      databaseUrl: database.url,
      poolSize: Math.max(10, args.connections),
      cpuProfileDir: args.profileDir,
      log,
    });
    log(`server process ${server.pid} at ${server.baseUrl}`);
    const baseUrl = server.baseUrl;
    const busyContactId = (await raw.query<{ id: string }>(`select ${benchId("contacts", "1")}::text as id`))
      .rows[0]?.id as string;
    const company = await raw
      .query<{ company_id: string }>(
        "select company_id from contact_companies where contact_id = $1 order by is_primary desc limit 1",
        [busyContactId],
      )
      .catch(() => ({ rows: [] as { company_id: string }[] }));
    const ctx: BenchContext = {
      baseUrl,
      databaseUrl: database.url,
      auth,
      managerAuth: { authorization: `Bearer ${manager.token}` },
      serverPid: server.pid,
      adminId,
      ownerId,
      pool: raw,
      db,
      routes: server.routes,
      rows: load.rows,
      records: {
        busyContactId,
        busyCompanyId: company.rows[0]?.company_id ?? null,
        customFields: {
          segment: load.customFields.length > 0 ? "smb" : null,
          score: load.customFields.length > 0,
        },
      },
      scale: args.scale,
      factor: args.factor,
      quick: args.quick,
      importRows: args.importRows,
      log,
      fetchJson: async <T>(p: string, headers: Record<string, string> = auth) => {
        const res = await fetch(`${baseUrl}${p}`, { headers });
        if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      },
    };

    const cases: CaseResult[] = [];
    const metrics: Array<Metric & { scenario: string }> = [];
    const skipped: Record<string, string> = { ...load.skipped };
    const single = { connections: 1, seconds: args.seconds };
    const many = { connections: args.connections, seconds: args.seconds };
    const warmUp = Math.min(1, args.seconds / 2);
    for (const s of scenarios) {
      if (args.only && !args.only.includes(s.name)) continue;
      const why = s.unavailable(ctx);
      if (why) {
        skipped[s.name] = why;
        log(`skip ${s.name}: ${why}`);
        continue;
      }
      if (s.measure) {
        const out = await s.measure(ctx);
        if (typeof out === "string") {
          skipped[s.name] = out;
          log(`skip ${s.name}: ${out}`);
        } else {
          for (const m of out) log(`${m.name}: ${m.value} ${m.unit}${m.note ? ` (${m.note})` : ""}`);
          metrics.push(...out.map((m) => ({ ...m, scenario: s.name })));
        }
      }
      for (const c of (await s.prepare?.(ctx)) ?? []) {
        const warm = args.quick
          ? null
          : await measureHttp(baseUrl, c.request, { connections: args.connections, seconds: warmUp });
        const api1 = await measureHttp(baseUrl, c.request, single);
        const apiN = await measureHttp(baseUrl, c.request, many);
        const sql1 = c.sql ? await measureSql(raw, c.sql, single) : null;
        // Only its q/s is reported: half the time is enough.
        const sqlN = c.sql ? await measureSql(raw, c.sql, { ...many, seconds: args.seconds / 2 }) : null;
        const slowest = c.sql ? await slowestStatement(raw, c.sql) : null;
        const cpu =
          args.cpuRequests && cpuMeasurable()
            ? await measureCpu(baseUrl, c.request, {
                pid: server.pid,
                pool: raw,
                amount: args.cpuRequests,
                connections: args.connections,
              })
            : null;
        if (cpu)
          log(
            `${c.name}: CPU per request: server ${cpu.serverUs} µs, PostgreSQL ${cpu.postgresUs ?? "-"} µs (${cpu.requests} requests)`,
          );
        const ratio = sql1 && sql1.p50 > 0 ? Math.round((api1.p50 / sql1.p50) * 10) / 10 : null;
        cases.push({
          scenario: s.name,
          name: c.name,
          single: { api: api1, sql: sql1 },
          concurrent: { api: apiN, sql: sqlN },
          ratio,
          statements: c.sql?.statements.length ?? 0,
          slowest,
          ...(c.target ? { target: c.target } : {}),
          ...(cpu
            ? { cpu: { serverUs: cpu.serverUs, postgresUs: cpu.postgresUs, requests: cpu.requests } }
            : {}),
        });
        log(
          `${c.name} (${(warm?.count ?? 0) + api1.count + apiN.count} requests, floor ${c.sql?.statements.length ?? 0} statements): 1 conn API p50 ${api1.p50} p95 ${api1.p95} | SQL p50 ${sql1?.p50 ?? "-"} | ratio ${ratio ?? "-"} || ${args.connections} conn API p95 ${apiN.p95}, ${apiN.rps} req/s, SQL ${sqlN?.rps ?? "-"} q/s`,
        );
        const errors = api1.errors + apiN.errors;
        if (errors > 0) {
          const res = await fetch(`${baseUrl}${c.request.path}`, { headers: c.request.headers ?? {} });
          log(`  ${errors} failed requests; one answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        }
        if (api1.count === 0 || apiN.count === 0)
          throw new Error(`${c.name}: no successful responses (${errors} errors)`);
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
        loadAverage: { before: loadBefore, after: loadAvg() },
      },
      database: database.kind,
      load,
      cases,
      metrics,
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
    await server?.stop();
    if (args.profileDir) log(`CPU profile of the server process in ${args.profileDir}`);
    await db.destroy();
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
