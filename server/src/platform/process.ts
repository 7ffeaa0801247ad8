import type { Logger } from "pino";
import type { Config } from "./config/config.js";
import type { AppDeps, AppModule } from "./http/types.js";
import { type Runtime, startRuntime } from "./runtime.js";

interface ProcessOptions {
  kind: "server" | "worker";
  loadConfig: () => Config;
  createLogger: (c: Config) => Logger;
  modules: AppModule[];
  loadDemo?: (deps: AppDeps, logger: Logger) => Promise<void>;
}

/** Process entry: start, handle signals, fail fast with one clear line and a non-zero exit. */
export function runProcess(opts: ProcessOptions): void {
  let runtime: Runtime | null = null;
  let stopping = false;
  const main = async () => {
    const config = opts.loadConfig();
    const logger = opts.createLogger(config);
    runtime = await startRuntime({
      config,
      logger,
      modules: opts.modules,
      http: opts.kind === "server",
      work: true,
      onReady: async (deps) => {
        if (config.DEMO) await opts.loadDemo?.(deps, logger);
      },
    });
    if (runtime.address) logger.info(`Tandem CRM is running at http://localhost:${config.PORT}`);
    else logger.info("Tandem CRM worker is running");
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      const timer = setTimeout(() => {
        logger.error("shutdown timed out");
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS + 10_000);
      timer.unref();
      await runtime?.stop();
      logger.info("stopped cleanly");
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  };
  main().catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException)?.code;
    let message = err instanceof Error ? err.message : String(err);
    if (code === "EADDRINUSE") message = `Port is already in use (${message}); set PORT to a free port.`;
    if (code === "EACCES") message = `Permission denied: ${message}`;
    console.error(`Tandem CRM could not start: ${message}`);
    process.exit(1);
  });
}
