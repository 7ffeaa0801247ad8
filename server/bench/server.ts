/**
 * The benchmark's server process: the real runtime (`startRuntime`, all modules) on 127.0.0.1, in its own
 * process so autocannon and the SQL floor (in the benchmark process) do not share its event loop.
 * Prints one JSON line `{"port", "routes"}` on stdout when it listens; stops on SIGTERM.
 *
 *   DATABASE_URL=postgres://… BENCH_WORK=1 node --import tsx bench/server.ts
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import v8 from "node:v8";
import pino from "pino";
import { modules } from "../src/modules/index.js";
import { loadConfig } from "../src/platform/config/config.js";
import { findFreePort } from "../src/platform/db/embedded.js";
import { apiRoutes } from "../src/platform/http/app.js";
import { boundHeapGrowth, collectNow, configureV8, favourMemoryOverSpeed } from "../src/platform/memory.js";
import { startRuntime } from "../src/platform/runtime.js";

async function main(): Promise<void> {
  const work = process.env.BENCH_WORK === "1";
  const http = process.env.BENCH_HTTP !== "0";
  // Either kind sets V8 up as `npm start` / `npm run worker` do (platform/process.ts); BENCH_V8 overrides it:
  // `default` (V8's own heuristics), `bounded` (the old-generation growth bound only), `size` (V8's memory mode
  // only) — docs/PERFORMANCE.md compares them.
  const v8Mode = process.env.BENCH_V8;
  if (v8Mode === "size") favourMemoryOverSpeed();
  else if (v8Mode === "bounded") boundHeapGrowth();
  else if (v8Mode !== "default") configureV8(http ? "server" : "worker");
  // BENCH_V8_FLAGS="--trace-gc …": V8 flags set at run time (those V8 reads at each use, as the GC's do).
  for (const flag of (process.env.BENCH_V8_FLAGS ?? "").split(/\s+/).filter(Boolean))
    v8.setFlagsFromString(flag);
  const port = await findFreePort();
  const config = loadConfig(
    {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "10",
      RUN_JOBS: work ? "true" : "false",
      // Scenarios that call local receivers (webhooks) pass these through.
      ...(process.env.SECRETS_KEY ? { SECRETS_KEY: process.env.SECRETS_KEY } : {}),
      ...(process.env.OUTBOUND_ALLOW_HOSTS ? { OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS } : {}),
      // The files scenario keeps its blobs in a temp DATA_DIR.
      ...(process.env.DATA_DIR ? { DATA_DIR: process.env.DATA_DIR } : {}),
    },
    [],
  );
  const runtime = await startRuntime({ config, logger: pino({ level: "warn" }), modules, http, work });
  if (v8Mode !== "default") collectNow(); // as platform/process.ts does
  const profiler = await startProfiler(process.env.BENCH_PROFILE_DIR);
  const routes = runtime.app ? apiRoutes(runtime.app as object).map((r) => `${r.method} ${r.url}`) : [];
  process.stdout.write(`${JSON.stringify({ port: http ? port : null, routes })}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // process.exit (not a signal death) so --cpu-prof writes its profile.
    Promise.resolve(profiler?.())
      .then(() => runtime.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // Orphaned (the benchmark died): stop rather than keep the database busy.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}

/** Profiles from "listening" on (not the module loading before it); returns the function that writes it. */
async function startProfiler(dir: string | undefined): Promise<(() => Promise<void>) | null> {
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    const file = path.join(dir, `server-${process.pid}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
