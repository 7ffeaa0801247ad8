import type { Logger } from "pino";
import type { Config } from "./config/config.js";
import type { AppDeps, AppModule } from "./http/types.js";
import { collectNow, configureV8 } from "./memory.js";
import { type Runtime, StartAborted, startRuntime } from "./runtime.js";

interface ProcessOptions {
  kind: "server" | "worker";
  loadConfig: () => Config;
  createLogger: (c: Config) => Logger;
  modules: AppModule[];
  loadDemo?: (deps: AppDeps, logger: Logger) => Promise<void>;
}

/** Process entry: start, handle signals, fail fast with one clear line and a non-zero exit. */
export function runProcess(opts: ProcessOptions): void {
  // The mail backfill's parse garbage: V8's old generation may grow at most 50 % past what is live (memory.ts).
  configureV8(opts.kind);
  let config: Config | null = null;
  let logger: Logger | null = null;
  let runtime: Runtime | null = null;
  let stopping = false;
  const starting = new AbortController();

  // Installed before start-up, so a signal during migrations or the demo load still stops the embedded
  // PostgreSQL: start-up is aborted after its current step and undoes what it did.
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger?.info({ reason }, "shutting down");
    const timer = setTimeout(
      () => {
        logger?.error("shutdown timed out");
        process.exit(1);
      },
      (config?.SHUTDOWN_TIMEOUT_MS ?? 15_000) + 10_000,
    );
    timer.unref();
    if (!runtime) {
      starting.abort(); // main() finishes the shutdown once the current start-up step returns
      return;
    }
    await runtime.stop();
    logger?.info("stopped cleanly");
    process.exit(exitCode);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const main = async () => {
    config = opts.loadConfig();
    const cfg = config;
    const log = opts.createLogger(cfg);
    logger = log;
    runtime = await startRuntime({
      config: cfg,
      logger: log,
      modules: opts.modules,
      http: opts.kind === "server",
      work: true,
      shareEmbedded: opts.kind === "worker",
      signal: starting.signal,
      onDatabaseLost: () => {
        console.error(
          "Tandem CRM worker: the embedded database it shared has stopped; start the worker again.",
        );
        void shutdown("database stopped", 1);
      },
      onReady: async (deps) => {
        if (cfg.DEMO) await opts.loadDemo?.(deps, log);
      },
    });
    collectNow(); // the capped old-generation limit from now on (memory.ts)
    if (starting.signal.aborted) {
      // The signal came during the last start-up step, after the runtime's own checks.
      await runtime.stop();
      throw new StartAborted();
    }
    if (runtime.address) log.info(`Tandem CRM is running at ${openUrl(cfg)}`);
    else log.info("Tandem CRM worker is running");
  };
  main().catch((err: unknown) => {
    if (err instanceof StartAborted) {
      logger?.info("stopped cleanly");
      process.exit(0);
    }
    const code = (err as NodeJS.ErrnoException)?.code;
    let message = err instanceof Error ? err.message : String(err);
    if (code === "EADDRINUSE") message = `Port is already in use (${message}); set PORT to a free port.`;
    if (code === "EACCES") message = `Permission denied: ${message}`;
    console.error(`Tandem CRM could not start: ${message}`);
    process.exit(1);
  });
}

/** The address a person can open: `PUBLIC_URL`, else localhost for a wildcard or loopback `HOST`. */
export function openUrl(config: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT">): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const local = ["0.0.0.0", "::", "127.0.0.1", "::1", "localhost"].includes(config.HOST);
  const host = local ? "localhost" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}
