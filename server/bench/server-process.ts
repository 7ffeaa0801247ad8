import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export interface ServerProcess {
  baseUrl: string;
  routes: Set<string>;
  pid: number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  /** Run background job handlers (imports.run, the outbox relay) in this process. */
  work?: boolean;
  /** Serve HTTP (false: a worker only). */
  http?: boolean;
  poolSize?: number;
  /** Write a V8 CPU profile (from "listening" to stop) into this directory when the process stops. */
  cpuProfileDir?: string | null;
  log(line: string): void;
}

const benchDir = import.meta.dirname;

/** Starts bench/server.ts in a child `node --import tsx` and waits for its "listening" line. */
export async function startServerProcess(opts: ServerOptions): Promise<ServerProcess> {
  const args = ["--import", "tsx"];
  args.push(path.join(benchDir, "server.ts"));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: path.resolve(benchDir, ".."),
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      DATABASE_POOL_SIZE: String(opts.poolSize ?? 10),
      BENCH_WORK: opts.work ? "1" : "0",
      BENCH_HTTP: opts.http === false ? "0" : "1",
      ...(opts.cpuProfileDir ? { BENCH_PROFILE_DIR: opts.cpuProfileDir } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stderr?.on("data", (d: Buffer) => {
    for (const line of d.toString().trimEnd().split("\n")) opts.log(`  server ${child.pid}: ${line}`);
  });
  const ready = await new Promise<{ port: number | null; routes: string[] }>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.on("line", (line) => {
      if (!line.startsWith("{")) return opts.log(`  server ${child.pid}: ${line}`);
      try {
        resolve(JSON.parse(line) as { port: number | null; routes: string[] });
      } catch (err) {
        reject(err);
      }
    });
    exited.then((code) => reject(new Error(`server process exited with ${code} before listening`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${ready.port ?? 0}`,
    routes: new Set(ready.routes),
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
