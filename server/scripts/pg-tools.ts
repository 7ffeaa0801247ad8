/**
 * Shared by backup.ts and restore.ts: finds the database (DATABASE_URL, or the embedded cluster in DATA_DIR,
 * started temporarily when it is not running) and a pg_dump/pg_restore new enough for it.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../src/platform/db/database.js";
import { startEmbeddedPostgres } from "../src/platform/db/embedded.js";

/** npm runs workspace scripts inside server/; paths given by the user are relative to where they typed. */
export const userCwd = process.env.INIT_CWD ?? process.cwd();

export class ToolError extends Error {}

export interface Target {
  /** Connection URL without the password (safe to show and to pass on a command line). */
  url: string;
  password: string;
  /** Connection URL with the password, for this process's own client. */
  fullUrl: string;
  /** "embedded (data/pg)" or "DATABASE_URL (host:port/db)". */
  label: string;
  /** Whether the embedded cluster was already running (a server, or a leftover postmaster, owns it). */
  embeddedWasRunning: boolean;
  /** Stops the cluster again if this script started it. */
  release(): Promise<void>;
}

function splitPassword(url: string): { url: string; password: string; fullUrl: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { url: u.toString(), password, fullUrl: url };
}

/** The port of a running embedded cluster (postmaster.pid line 4), or null when it is not running. */
export function runningEmbeddedPort(pgDir: string): number | null {
  const file = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return port;
}

export async function resolveTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  if (env.DATABASE_URL) {
    const u = new URL(env.DATABASE_URL);
    return {
      ...splitPassword(env.DATABASE_URL),
      label: `DATABASE_URL (${u.hostname}:${u.port || 5432}${u.pathname})`,
      embeddedWasRunning: false,
      release: async () => {},
    };
  }
  const dataDir = path.resolve(userCwd, env.DATA_DIR ?? "./data");
  const credsFile = path.join(dataDir, "pg-credentials.json");
  const pgDir = path.join(dataDir, "pg");
  if (!fs.existsSync(credsFile) || !fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    throw new ToolError(
      `No Tandem CRM database in ${dataDir}; set DATA_DIR (or DATABASE_URL) to the instance to use.`,
    );
  }
  const creds = JSON.parse(fs.readFileSync(credsFile, "utf8")) as { user: string; password: string };
  const running = runningEmbeddedPort(pgDir);
  const label = `embedded PostgreSQL (${path.relative(userCwd, pgDir) || pgDir})`;
  const userInfo = `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}`;
  if (running !== null) {
    return {
      ...splitPassword(`postgres://${userInfo}@127.0.0.1:${running}/tandem`),
      label,
      embeddedWasRunning: true,
      release: async () => {},
    };
  }
  const started = await startEmbeddedPostgres({ dataDir });
  return {
    ...splitPassword(withDatabase(started.url, "tandem")),
    label,
    embeddedWasRunning: false,
    release: () => started.stop(),
  };
}

export async function withClient<T>(target: Target, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target.fullUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function serverMajor(target: Target): Promise<number> {
  return withClient(target, async (c) => {
    const res = await c.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Math.floor(Number(res.rows[0]?.v) / 10000);
  });
}

function majorOf(binary: string): number | null {
  const res = spawnSync(binary, ["--version"], { encoding: "utf8" });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(res.stdout ?? "");
  return res.status === 0 && m ? Number(m[1]) : null;
}

/** `pg_dump`/`pg_restore`/`psql` on PATH, or the newest in /usr/lib/postgresql/<n>/bin, whose major is ≥ the server's. */
export function findTool(name: "pg_dump" | "pg_restore" | "psql", minMajor: number): string {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir) candidates.push(path.join(dir, name));
  }
  const debianDir = "/usr/lib/postgresql";
  if (fs.existsSync(debianDir)) {
    const versions = fs.readdirSync(debianDir).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(debianDir, v, "bin", name));
  }
  const seen: string[] = [];
  for (const c of candidates) {
    if (!fs.existsSync(c)) continue;
    const major = majorOf(c);
    if (major === null) continue;
    if (major >= minMajor) return c;
    seen.push(`${c} is ${major}`);
  }
  const found = seen.length > 0 ? ` (found: ${seen.join(", ")})` : "";
  throw new ToolError(
    `${name} ${minMajor} or newer is needed${found}; install the PostgreSQL client, e.g. \`apt-get install postgresql-client\`.`,
  );
}

/** Runs a PostgreSQL client tool with the password in the environment (never on the command line). */
export function runTool(binary: string, args: string[], target: Target): void {
  execFileSync(binary, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PGPASSWORD: target.password },
  });
}

/**
 * Runs `producer … | consumer …` with the password in the environment; fails with the consumer's last error line
 * (psql prints the statement's error there) or the producer's.
 */
export function pipeTools(
  producer: { binary: string; args: string[] },
  consumer: { binary: string; args: string[] },
  target: Target,
): Promise<void> {
  const env = { ...process.env, PGPASSWORD: target.password };
  const from = spawn(producer.binary, producer.args, { stdio: ["ignore", "pipe", "pipe"], env });
  const to = spawn(consumer.binary, consumer.args, { stdio: ["pipe", "inherit", "pipe"], env });
  from.stdout.pipe(to.stdin);
  to.stdin.on("error", () => {}); // the consumer stopped at an error; its own exit reports it
  const errors = { from: "", to: "" };
  from.stderr.on("data", (d: Buffer) => {
    errors.from += d.toString();
  });
  to.stderr.on("data", (d: Buffer) => {
    errors.to += d.toString();
  });
  const exit = (p: ReturnType<typeof spawn>) =>
    new Promise<number>((resolve) => {
      p.on("error", () => resolve(-1));
      p.on("close", (code) => resolve(code ?? -1));
    });
  return Promise.all([exit(from), exit(to)]).then(([a, b]) => {
    const last = (text: string) => text.trim().split("\n").filter(Boolean).at(-1) ?? "";
    if (b !== 0) throw new ToolError(last(errors.to) || `${path.basename(consumer.binary)} exited with ${b}`);
    if (a !== 0)
      throw new ToolError(last(errors.from) || `${path.basename(producer.binary)} exited with ${a}`);
  });
}

/** Runs `main`, printing a failure as one line and exiting non-zero. */
export function runScript(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(`${name} failed: ${msg.split("\n")[0]}`);
    process.exit(1);
  });
}
