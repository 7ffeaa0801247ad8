/**
 * Import cost in CPU rather than wall-clock (usable on a loaded machine): runs the import bench (dry run, run,
 * search catch-up) against a local PostgreSQL and reports, per phase, the CPU seconds of every PostgreSQL
 * process (postmaster's children, read from /proc — Linux only, same machine) and of this Node process, per
 * 1,000 rows.
 *
 *   npx tsx bench/import-cpu.ts postgres://…|KEEP_DIR 10000 [repeats]
 *
 * KEEP_DIR: a `--keep DIR` bench database (`npm run bench -- --only import --keep DIR` loads it once).
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { modules } from "../src/modules/index.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { clusterCpuUs } from "./cpu.js";
import { keptDatabase } from "./database.js";
import { benchImport } from "./import-bench.js";

installEntities(modules);
installChangeEvents(modules);

type Phase = "dry-run" | "run" | "catch-up" | "done";

async function postmasterPid(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ setting: string }>(
      "select setting from pg_settings where name = 'data_directory'",
    );
    const dir = r.rows[0]?.setting ?? "";
    return Number(fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  } finally {
    await c.end();
  }
}

/** CPU seconds (user + system) of the postmaster and all its children. */
const databaseCpu = (postmaster: number): number => clusterCpuUs(postmaster) / 1e6;

const nodeCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main(): Promise<void> {
  const [url, rowsArg, repeatsArg] = process.argv.slice(2);
  if (!url) throw new Error("usage: tsx bench/import-cpu.ts URL|KEEP_DIR [rows] [repeats]");
  const kept = url.startsWith("postgres") ? null : await keptDatabase(url, () => {});
  try {
    await measure(kept?.url ?? url, Number(rowsArg ?? 10_000), Number(repeatsArg ?? 1));
  } finally {
    await kept?.dispose();
  }
}

/**
 * `IMPORT_STATEMENTS=run` (or `dry-run`, `catch-up`): that phase's costliest statements, nested ones too, from
 * `pg_stat_statements` (in `shared_preload_libraries`, `pg_stat_statements.track = all`).
 */
const statements = process.env.IMPORT_STATEMENTS ?? null;

async function query(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

async function statementReport(url: string): Promise<void> {
  const rows = await query(
    url,
    `select calls, rows, round(total_exec_time)::int as ms, toplevel,
       regexp_replace(left(query, 140), '\\s+', ' ', 'g') as q
     from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
     order by total_exec_time desc limit 25`,
  );
  for (const r of rows)
    console.log(
      `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(7)} rows ${r.toplevel ? "top" : "nested"} ${r.q}`,
    );
}

async function measure(url: string, rows: number, repeats: number): Promise<void> {
  if (statements) await query(url, "create extension if not exists pg_stat_statements");
  const postmaster = await postmasterPid(url);
  for (let i = 0; i < repeats; i++) {
    const marks: { name: Phase; db: number; node: number; at: number }[] = [];
    const result = await benchImport(url, rows, 1_000_000 + (Date.now() % 1_000_000), async (name) => {
      if (statements && marks.at(-1)?.name === statements) await statementReport(url);
      marks.push({ name, db: databaseCpu(postmaster), node: nodeCpu(), at: performance.now() });
      if (statements === name) await query(url, "select pg_stat_statements_reset()");
    });
    const phases = marks.slice(0, -1).map((m, j) => {
      const next = marks[j + 1] ?? m;
      const per1k = (s: number) => Number(((s / rows) * 1000).toFixed(3));
      return {
        phase: m.name,
        wallSeconds: Number(((next.at - m.at) / 1000).toFixed(2)),
        dbCpuPer1kRows: per1k(next.db - m.db),
        nodeCpuPer1kRows: per1k(next.node - m.node),
      };
    });
    console.log(JSON.stringify({ rows, rowsPerSecond: result.rowsPerSecond, phases }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
