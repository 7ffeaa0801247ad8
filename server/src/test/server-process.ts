import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { findFreePort } from "../platform/db/embedded.js";

/** Runs the real server (`src/main.ts` through tsx, so no build is needed) as a child process. */

export const serverRoot = path.resolve(import.meta.dirname, "..", "..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/** Environment without the variables of the test run that would change the server's behaviour. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "HOME", "LANG", "TMPDIR", "SystemRoot"]) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

export interface SpawnOptions {
  /** Own process group, like a shell does (for Ctrl+C tests). */
  detached?: boolean;
  /** Run as this user (needs root), e.g. to meet a directory the app's user may not write. */
  user?: { uid: number; gid: number };
  /** The server package to run (default: this one), e.g. a copy of the project elsewhere. */
  cwd?: string;
}

export function spawnServer(env: Record<string, string>, opts: SpawnOptions = {}): ServerProcess {
  return spawnEntry("src/main.ts", env, opts);
}

/** Runs `src/worker.ts` (job handlers and outbox relay, no HTTP); `port`/`baseUrl` are meaningless for it. */
export function spawnWorker(env: Record<string, string>): ServerProcess {
  return spawnEntry("src/worker.ts", env, {});
}

/** Waits until the process printed `text` (stdout or stderr); fails if it exits first. */
export async function waitForOutput(proc: ServerProcess, text: string, timeoutMs = 150_000): Promise<void> {
  let exited: number | string | null = null;
  void proc.exited.then((c) => {
    exited = c;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.stdout().includes(text) || proc.stderr().includes(text)) return;
    if (exited !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `"${text}" not printed (exit: ${exited}):\nstderr:\n${proc.stderr()}\nstdout (tail):\n${proc.stdout().slice(-3000)}`,
  );
}

function spawnEntry(entry: string, env: Record<string, string>, opts: SpawnOptions): ServerProcess {
  const port = Number(env.PORT ?? 0);
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    ...(opts.user ?? {}),
    cwd: opts.cwd ?? serverRoot,
    detached: opts.detached ?? false,
    env: { ...baseEnv(), NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    exited,
  };
}

/** Starts the server on a free port and waits until `/readyz` answers 200. */
export async function startServer(
  env: Record<string, string>,
  opts: { detached?: boolean; timeoutMs?: number; cwd?: string } = {},
): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 150_000;
  const port = env.PORT ? Number(env.PORT) : await findFreePort();
  const proc = spawnServer({ ...env, PORT: String(port) }, opts);
  let exitedEarly: number | string | null = null;
  void proc.exited.then((c) => {
    exitedEarly = c;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedEarly !== null) {
      throw new Error(
        `server exited (${exitedEarly}) before it was ready:\n${proc.stderr()}\n${proc.stdout()}`,
      );
    }
    const res = await fetch(`${proc.baseUrl}/readyz`).catch(() => null);
    if (res?.status === 200) return proc;
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.child.kill("SIGKILL");
  throw new Error(`server not ready within ${timeoutMs} ms:\n${proc.stderr()}\n${proc.stdout()}`);
}

/** The non-empty lines a process wrote to stderr. */
export function errorLines(proc: ServerProcess): string[] {
  return proc
    .stderr()
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
