import { parseArgs } from "node:util";

export const SCALES = { "1k": 0.001, "10k": 0.01, "100k": 0.1, "1m": 1 } as const;
export type Scale = keyof typeof SCALES;

export interface BenchArgs {
  scale: Scale;
  factor: number;
  seconds: number;
  connections: number;
  only: string[] | null;
  quick: boolean;
  record: boolean;
  /** Rows of the CSV import scenario (default by scale: 100k at 100k/1m, 10k below, 1k with --quick). */
  importRows: number | null;
  /** Directory for a V8 CPU profile of the server process (`--profile DIR`), or null. */
  profileDir: string | null;
  /** `--keep DIR`: an embedded PostgreSQL in DIR that outlives the run; the data set is loaded only once. */
  keepDir: string | null;
  /** `--cpu N`: also CPU µs per request (server process, PostgreSQL backends) over N requests per case. */
  cpuRequests: number | null;
}

const USAGE = `usage: npm run bench -- [--scale 1k|10k|100k|1m] [--duration SECONDS] [--connections N]
                          [--only scenario,scenario] [--quick] [--no-record] [--profile DIR]
                          [--import-rows N] [--keep DIR] [--cpu N]
--keep DIR: keep the database in DIR (loaded on the first run, reused as is — migrated — by later runs).
--cpu N: also CPU time per request of each case over N requests (server process and database, from /proc).
Duration: seconds per case, side and concurrency (default 1 at 1k/10k, 3 at 100k/1m; --quick: 1).`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: "string", default: "10k" },
      duration: { type: "string" },
      connections: { type: "string", default: "10" },
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      "no-record": { type: "boolean", default: false },
      profile: { type: "string" },
      "import-rows": { type: "string" },
      keep: { type: "string" },
      cpu: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scale = values.scale as Scale;
  if (!(scale in SCALES))
    throw new Error(`--scale must be one of ${Object.keys(SCALES).join(", ")}\n${USAGE}`);
  const seconds = Number(values.duration ?? (values.quick ? 1 : SCALES[scale] >= 0.1 ? 3 : 1));
  const connections = Number(values.connections);
  if (!(seconds > 0) || !(connections > 0))
    throw new Error(`--duration and --connections must be positive\n${USAGE}`);
  return {
    scale,
    factor: SCALES[scale],
    seconds,
    connections,
    only: values.only ? values.only.split(",").map((s) => s.trim()) : null,
    quick: values.quick,
    record: !values["no-record"] && !values.quick && !values.only && !values.profile && !values.keep,
    profileDir: values.profile ?? null,
    importRows: values["import-rows"] ? Number(values["import-rows"]) : null,
    keepDir: values.keep ?? null,
    cpuRequests: values.cpu ? Number(values.cpu) : null,
  };
}
