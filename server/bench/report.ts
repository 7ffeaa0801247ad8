import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { SlowestStatement } from "./explain.js";
import type { LoadReport } from "./load.js";
import type { Stats } from "./measure.js";
import type { Metric, Target } from "./scenarios/types.js";

export interface CaseResult {
  scenario: string;
  name: string;
  /** One connection: pure latency (the p95 targets are read here). */
  single: { api: Stats; sql: Stats | null };
  /** N connections: throughput under concurrency. */
  concurrent: { api: Stats; sql: Stats | null };
  /** API p50 / raw SQL p50, both at one connection. */
  ratio: number | null;
  /** Statements in the SQL floor (the service's queries; the API adds its authentication queries). */
  statements: number;
  /** The floor's slowest statement with its EXPLAIN ANALYZE plan. */
  slowest: SlowestStatement | null;
  target?: Target;
  /** `--cpu N`: CPU µs per request of the server process and the database backends (bench/cpu.ts). */
  cpu?: { serverUs: number; postgresUs: number | null; requests: number };
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
  metrics: Array<Metric & { scenario: string }>;
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

/** "pass" or "miss ×3.2" (how many times over the target). */
function verdict(value: number, limit: number, higherIsBetter = false): string {
  if (!Number.isFinite(value)) return "—";
  const ok = higherIsBetter ? value >= limit : value <= limit;
  if (ok) return "pass";
  const factor = higherIsBetter ? limit / value : value / limit;
  return `miss ×${factor.toFixed(1)}`;
}

export function caseVerdict(c: CaseResult): { target: string; result: string } {
  const targets: string[] = [];
  const results: string[] = [];
  if (c.target?.p95Ms !== undefined) {
    targets.push(`p95 < ${c.target.p95Ms}`);
    results.push(verdict(c.single.api.p95, c.target.p95Ms));
  }
  if (c.target?.ratio !== undefined && c.ratio !== null) {
    targets.push(`ratio ≤ ${c.target.ratio}`);
    results.push(verdict(c.ratio, c.target.ratio));
  }
  return { target: targets.join(", ") || "—", result: results.join(", ") || "—" };
}

function metricVerdict(m: Metric): { target: string; result: string } {
  if (m.target?.min !== undefined)
    return {
      target: `≥ ${m.target.min.toLocaleString("en-US")}`,
      result: verdict(m.value, m.target.min, true),
    };
  if (m.target?.max !== undefined)
    return { target: `≤ ${m.target.max.toLocaleString("en-US")}`, result: verdict(m.value, m.target.max) };
  return { target: "—", result: "—" };
}

export function markdown(r: BenchResult, jsonFile: string): string {
  const m = r.machine;
  const rows = Object.entries(r.load.rows)
    .map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`)
    .join(", ");
  const extras = [
    r.load.busy
      ? `${r.load.busy.contacts} busy contacts with ${r.load.busy.activitiesEach} extra activities each`
      : null,
    r.load.customFields.length > 0
      ? `custom fields ${r.load.customFields.join(", ")} on every contact`
      : null,
  ].filter(Boolean);
  const lines = [
    `### ${r.scale} — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres} (${r.database}); load average ${m.loadAverage.before} before, ${m.loadAverage.after} after.`,
    `Data: ${rows}${extras.length ? `; ${extras.join("; ")}` : ""}; loaded and analyzed in ${r.load.totalSeconds.toFixed(0)} s. Each case: ${r.durationSeconds} s at 1 connection, then ${r.durationSeconds} s at ${r.connections} connections, API (server in its own process) first, then the same SQL through \`pg\`. Whole run ${r.totalSeconds} s. Latencies in ms. Raw: \`${path.relative(repoRoot, jsonFile)}\`.`,
    "",
    `| Case | API p50 | API p95 | API p99 | SQL p50 | SQL p95 | API/SQL p50 | ${r.connections} conn API p95 | API req/s | SQL q/s | Target (1m) | Result |`,
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | --- |",
    ...r.cases.map((c) => {
      const s = c.single;
      const n = c.concurrent;
      const v = caseVerdict(c);
      const errors = s.api.errors + n.api.errors;
      return `| ${c.name} | ${ms(s.api.p50)} | ${ms(s.api.p95)} | ${ms(s.api.p99)} | ${s.sql ? ms(s.sql.p50) : "—"} | ${s.sql ? ms(s.sql.p95) : "—"} | ${c.ratio?.toFixed(1) ?? "—"} | ${ms(n.api.p95)} | ${n.api.rps}${errors ? ` (${errors} errors)` : ""} | ${n.sql?.rps ?? "—"} | ${v.target} | ${v.result} |`;
    }),
  ];
  if (r.metrics.length > 0) {
    lines.push(
      "",
      "| Measurement | Value | Target (1m) | Result | Note |",
      "| --- | --: | --- | --- | --- |",
      ...r.metrics.map((x) => {
        const v = metricVerdict(x);
        return `| ${x.name} | ${x.value.toLocaleString("en-US")} ${x.unit} | ${v.target} | ${v.result} | ${x.note ?? ""} |`;
      }),
    );
  }
  const slow = r.cases.filter((c) => c.slowest && c.slowest.ms >= 1);
  if (slow.length > 0) {
    lines.push("", "Slowest statement of each floor (EXPLAIN ANALYZE, 1 run; the main plan nodes):", "");
    for (const c of slow) {
      const s = c.slowest as SlowestStatement;
      // The scan nodes say where the rows come from (and how many were read only to be thrown away).
      const nodes = s.plan
        .map((l) =>
          l
            .trim()
            .replace(/^->\s*/, "")
            .slice(0, 160),
        )
        .filter((l) => / Scan |Rows Removed by Filter/.test(l))
        .slice(0, 4)
        .map(
          (l) =>
            `\`${l
              .trim()
              .replace(/\s+\(cost=[^)]*\)/, "")
              .replace(/\(actual /, "(")}\``,
        );
      lines.push(
        `- ${c.name}: ${s.ms.toFixed(1)} ms (+${s.planningMs.toFixed(1)} planning) — ${nodes.join(" → ")}`,
      );
    }
  }
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

// `npx tsx bench/report.ts bench/results/<file>.json`: rewrites that scale's section of the doc from a result.
if (process.argv[1]?.endsWith("report.ts") && process.argv[2]) {
  const file = path.resolve(process.argv[2]);
  updatePerformanceDoc(JSON.parse(fs.readFileSync(file, "utf8")) as BenchResult, file);
}
