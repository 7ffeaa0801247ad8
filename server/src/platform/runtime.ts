import type { Logger } from "pino";
import { healthRoutes } from "../modules/health/routes.js";
import { bootstrapAdmin } from "../modules/identity/bootstrap.js";
import type { Config } from "./config/config.js";
import { resolveDatabase } from "./db/connect.js";
import { createDb, createPool, type Database } from "./db/database.js";
import type { EmbeddedHandle } from "./db/embedded.js";
import { migrateToLatest, pendingMigrations } from "./db/migrate.js";
import { OutboxRelay } from "./events/relay.js";
import { buildApp } from "./http/app.js";
import type { App, AppDeps, AppModule } from "./http/types.js";
import { maintenanceJob } from "./jobs/maintenance.js";
import { JobQueue } from "./jobs/queue.js";

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
  const stopAll = async () => {
    while (stack.length > 0) {
      const step = stack.pop();
      try {
        await step?.();
      } catch (err) {
        logger.error({ err }, "error during shutdown");
      }
    }
  };
  try {
    const pgLog = logger.child({ component: "postgres" });
    const resolved = await resolveDatabase(config, (line) => pgLog.debug(line));
    const embedded: EmbeddedHandle | null = resolved.embedded;
    if (embedded) stack.push(() => embedded.stop());

    const pool = createPool(resolved.url, config.DATABASE_POOL_SIZE);
    const db: Database = createDb(pool);
    stack.push(() => db.destroy());

    const applied = await migrateToLatest(db as never);
    if (applied.length > 0) logger.info({ migrations: applied }, "migrations applied");

    const jobs = new JobQueue(resolved.url, logger.child({ component: "jobs" }));
    const deps: AppDeps = { config, db, jobs };
    jobs.define([
      maintenanceJob(db) as never,
      ...opts.modules.flatMap((m) => (m.jobs?.(deps) ?? []) as never[]),
    ]);
    await jobs.start({ work: opts.work && config.RUN_JOBS });
    stack.push(() => jobs.stop());

    if (opts.work && config.RUN_JOBS) {
      const relay = new OutboxRelay(db, jobs, resolved.url, logger.child({ component: "outbox" }));
      await relay.start();
      stack.push(() => relay.stop());
    }

    const boot = await bootstrapAdmin(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    if (boot.created) announceAdmin(boot.email ?? "", boot.generatedPassword);
    await opts.onReady?.(deps);

    let app: App | null = null;
    let address: string | null = null;
    if (opts.http) {
      const expected = await countMigrations(db);
      app = await buildApp({
        deps,
        logger,
        modules: [{ name: "health", routes: healthRoutes(expected) }, ...opts.modules],
      });
      address = await app.listen({ port: config.PORT, host: config.HOST });
      const server = app;
      // app.close() stops accepting connections and waits for in-flight requests.
      stack.push(() => server.close());
    }
    return { app, deps, databaseUrl: resolved.url, address, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function countMigrations(db: Database): Promise<number> {
  const pending = await pendingMigrations(db as never);
  const done = await db
    .selectFrom("schema_migrations" as never)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirst();
  return Number((done as { n?: string } | undefined)?.n ?? 0) + pending;
}

function announceAdmin(email: string, generatedPassword: string | undefined): void {
  if (!generatedPassword) {
    console.log(`\n  Tandem CRM: administrator ${email} created with ADMIN_PASSWORD.\n`);
    return;
  }
  const line = "=".repeat(72);
  console.log(
    `\n${line}\n  Tandem CRM — first administrator created (shown only once)\n  Email:    ${email}\n  Password: ${generatedPassword}\n  You will be asked to change it at first sign-in.\n${line}\n`,
  );
}
