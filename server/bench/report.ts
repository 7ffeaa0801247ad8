import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { LoadReport } from "./load.js";
import type { Stats } from "./measure.js";

export interface CaseResult {
  scenario: string;
  name: string;
  api: Stats;
  sql: Stats | null;
  /** API p50 / raw SQL p50. */
  ratio: number | null;
}

export interface BenchResult {
  startedAt: string;
  scale: string;
  durationSeconds: number;
  connections: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    postgres: string;
    os: string;
    /** 1-minute load average before and after the measurements: other work on the machine skews results. */
    loadAverage: { before: number; after: number };
  };
  database: "embedded" | "BENCH_DATABASE_URL";
  load: LoadReport;
  cases: CaseResult[];
  skipped: Record<string, string>;
  totalSeconds: number;
}

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export function writeJson(result: BenchResult): string {
  const dir = path.join(repoRoot, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
  const file = path.join(dir, `${stamp}-${result.scale}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : "—");

export function markdown(r: BenchResult, jsonFile: string): string {
  const m = r.machine;
  const rows = Object.entries(r.load.rows)
    .map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`)
    .join(", ");
  const lines = [
    `### ${r.scale} — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres} (${r.database}); load average ${m.loadAverage.before} before, ${m.loadAverage.after} after.`,
    `Data: ${rows}; loaded and analyzed in ${r.load.totalSeconds.toFixed(0)} s. Each case: ${r.connections} connections for ${r.durationSeconds} s, API first, then the same SQL through \`pg\`. Latencies in ms. Raw: \`${path.relative(repoRoot, jsonFile)}\`.`,
    "",
    "| Case | API p50 | API p95 | API p99 | API req/s | SQL p50 | SQL p95 | SQL q/s | API/SQL p50 |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: |",
    ...r.cases.map(
      (c) =>
        `| ${c.name} | ${ms(c.api.p50)} | ${ms(c.api.p95)} | ${ms(c.api.p99)} | ${c.api.rps} | ${c.sql ? ms(c.sql.p50) : "—"} | ${c.sql ? ms(c.sql.p95) : "—"} | ${c.sql?.rps ?? "—"} | ${c.ratio?.toFixed(1) ?? "—"}${c.api.errors ? ` (${c.api.errors} errors)` : ""} |`,
    ),
  ];
  const skipped = Object.entries(r.skipped);
  if (skipped.length > 0) {
    lines.push("", `Not measured: ${skipped.map(([k, v]) => `${k} (${v})`).join("; ")}.`);
  }
  return lines.join("\n");
}

/** Replaces this scale's section of docs/PERFORMANCE.md (between markers), or appends one. */
export function updatePerformanceDoc(result: BenchResult, jsonFile: string): string {
  const file = path.join(repoRoot, "docs", "PERFORMANCE.md");
  const start = `<!-- bench:${result.scale}:start -->`;
  const end = `<!-- bench:${result.scale}:end -->`;
  const block = `${start}\n${markdown(result, jsonFile)}\n${end}`;
  const doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Performance\n";
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i
      ? `${doc.slice(0, i)}${block}${doc.slice(j + end.length)}`
      : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
  // Lint (`biome check .`) formats Markdown too; keep the generated tables in its shape.
  spawnSync(path.join(repoRoot, "node_modules", ".bin", "biome"), ["format", "--write", file], {
    stdio: "ignore",
  });
  return file;
}
