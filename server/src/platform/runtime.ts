import net from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config/config.js";
import { resolveDatabase } from "./db/connect.js";
import { createDb, createPool, type Database } from "./db/database.js";
import type { EmbeddedHandle } from "./db/embedded.js";
import { migrateToLatest } from "./db/migrate.js";
import { installChangeEvents } from "./events/catalogue.js";
import { OutboxRelay } from "./events/relay.js";
import { buildApp } from "./http/app.js";
import type { App, AppDeps, AppModule } from "./http/types.js";
import { maintenanceJob } from "./jobs/maintenance.js";
import { JobQueue } from "./jobs/queue.js";
import { installEntities } from "./records/catalog.js";
import { createSecretBox, loadSecretKeys } from "./secrets/secret-box.js";

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  modules: AppModule[];
  /** Serve HTTP (false for a worker-only process). */
  http: boolean;
  /** Run background job handlers and the outbox relay in this process. */
  work: boolean;
  /** Called after migrations, before serving (bootstrap output, demo data). */
  onReady?: (deps: AppDeps) => Promise<void>;
  /** Connect to an embedded cluster another live process runs instead of refusing (workers). */
  shareEmbedded?: boolean;
  /** Called once when a shared embedded cluster has stopped under this process. */
  onDatabaseLost?: () => void;
  /** Aborting stops start-up after the current step and undoes the steps done so far. */
  signal?: AbortSignal;
}

/** Start-up was interrupted through `RuntimeOptions.signal` (a signal arrived while starting). */
export class StartAborted extends Error {
  constructor() {
    super("start-up interrupted");
  }
}

export interface Runtime {
  app: App | null;
  deps: AppDeps;
  databaseUrl: string;
  address: string | null;
  stop(): Promise<void>;
}

/** Starts everything in order and returns one `stop` that shuts it down in reverse. */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = opts;
  const stack: Array<() => Promise<void>> = [];
  // SHUTDOWN_TIMEOUT_MS bounds the whole drain: requests first, then running jobs get what is left.
  let deadline = 0;
  const remaining = () => Math.max(0, deadline - Date.now());
  const stopAll = async () => {
    deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    while (stack.length > 0) {
      const step = stack.pop();
      try {
        await step?.();
      } catch (err) {
        logger.error({ err }, "error during shutdown");
      }
    }
  };
  const step = () => {
    if (opts.signal?.aborted) throw new StartAborted();
  };
  try {
    // Before PostgreSQL and migrations, so an occupied port fails at once and leaves nothing to undo.
    if (opts.http) await assertPortFree(config.PORT, config.HOST);
    const pgLog = logger.child({ component: "postgres" });
    const resolved = await resolveDatabase(config, (line) => pgLog.debug(line), {
      shareEmbedded: opts.shareEmbedded ?? false,
    });
    const embedded: EmbeddedHandle | null = resolved.embedded;
    if (embedded) stack.push(() => embedded.stop());
    if (embedded && !embedded.sharedWith) logger.info(`embedded PostgreSQL: data in ${embedded.pgDir}`);
    if (embedded?.sharedWith) {
      logger.info(`using the embedded database run by process ${embedded.sharedWith}`);
      const watch = setInterval(() => {
        if (embedded.running()) return;
        clearInterval(watch);
        opts.onDatabaseLost?.();
      }, 1000);
      watch.unref();
      stack.push(async () => clearInterval(watch));
    }
    step();

    const pool = createPool(resolved.url, config.DATABASE_POOL_SIZE);
    const db: Database = createDb(pool);
    stack.push(async () => {
      // A query still running (a job past its deadline, stuck on a lock) would keep the pool open for ever;
      // past the deadline stopping goes on, and stopping PostgreSQL or exiting ends that query.
      const destroyed = db.destroy();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => {
        timer = setTimeout(() => r("late"), Math.max(1000, remaining()));
      });
      if ((await Promise.race([destroyed, late])) === "late") {
        logger.warn("database queries still running at SHUTDOWN_TIMEOUT_MS; stopping without them");
      }
      clearTimeout(timer);
    });

    const applied = await migrateToLatest(db as never);
    if (applied.length > 0) logger.info({ migrations: applied }, "migrations applied");
    step();

    const jobs = new JobQueue(resolved.url, logger.child({ component: "jobs" }));
    const deps: AppDeps = {
      config,
      db,
      jobs,
      entities: installEntities(opts.modules),
      secrets: createSecretBox(loadSecretKeys(config.SECRETS_KEY, config.dataDir)),
      databaseUrl: resolved.url,
      pool,
    };
    installChangeEvents(opts.modules);
    jobs.define([
      maintenanceJob(db) as never,
      ...opts.modules.flatMap((m) => (m.jobs?.(deps) ?? []) as never[]),
    ]);
    await jobs.start({ work: opts.work && config.RUN_JOBS });
    stack.push(() => jobs.stop(Math.max(1000, remaining())));
    step();

    if (opts.work && config.RUN_JOBS) {
      const consumers = opts.modules.flatMap((m) => m.consumers?.(deps) ?? []);
      const relay = new OutboxRelay(db, resolved.url, logger.child({ component: "outbox" }), consumers);
      await relay.start();
      stack.push(() => relay.stop());
    }

    if (opts.work && config.RUN_JOBS) {
      const services = opts.modules.flatMap(
        (m) => m.services?.(deps, logger.child({ component: m.name })) ?? [],
      );
      for (const service of services) {
        await service.start();
        stack.push(() => service.stop());
      }
    }

    for (const m of opts.modules) {
      await m.onReady?.(deps);
      step();
    }
    await opts.onReady?.(deps);
    step();

    let app: App | null = null;
    let address: string | null = null;
    if (opts.http) {
      app = await buildApp({ deps, logger, modules: opts.modules });
      // Fastify's own lines name each interface (http://0.0.0.0:3000, http://10.…); the process prints the one
      // address to open instead (platform/process.ts).
      const level = app.log.level;
      app.log.level = "warn";
      try {
        address = await app.listen({ port: config.PORT, host: config.HOST });
      } finally {
        app.log.level = level;
      }
      const server = app;
      // app.close() stops accepting connections and waits for in-flight requests, but not past the deadline.
      stack.push(async () => {
        const force = setTimeout(() => {
          logger.warn("requests still running at SHUTDOWN_TIMEOUT_MS; closing their connections");
          server.server.closeAllConnections();
        }, remaining());
        try {
          await server.close();
        } finally {
          clearTimeout(force);
        }
      });
    }
    return { app, deps, databaseUrl: resolved.url, address, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Rejects with the listen error (EADDRINUSE, EACCES) when the port cannot be bound. */
function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
