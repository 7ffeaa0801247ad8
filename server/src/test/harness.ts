import { randomBytes } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, inject } from "vitest";
import { modules as allModules } from "../modules/index.js";
import { loadConfig } from "../platform/config/config.js";
import { createDb, createPool, type Database, withDatabase } from "../platform/db/database.js";
import { installChangeEvents } from "../platform/events/catalogue.js";
import { OutboxRelay } from "../platform/events/relay.js";
import { buildApp } from "../platform/http/app.js";
import type { App, AppDeps, AppModule } from "../platform/http/types.js";
import { maintenanceJob } from "../platform/jobs/maintenance.js";
import { JobQueue } from "../platform/jobs/queue.js";
import { installEntities } from "../platform/records/catalog.js";
import { createSecretBox, loadSecretKeys } from "../platform/secrets/secret-box.js";

export interface TestContext {
  db: Database;
  /** URL of this file's own database. */
  url: string;
  app: App;
  deps: AppDeps;
  jobs: JobQueue;
  relay: OutboxRelay;
}

export interface TestContextOptions {
  modules?: AppModule[];
  /** Start job handlers in this file (default false: tests call handlers or the relay directly). */
  work?: boolean;
  env?: Record<string, string>;
}

/** Clones the migrated template into a fresh database for one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("adminUrl");
  const template = inject("templateDb");
  const name = `t_${template.replace(/^tandem_tpl_/, "")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`,
    );
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

export async function createTestContext(
  opts: TestContextOptions = {},
): Promise<TestContext & { close(): Promise<void> }> {
  const database = await createTestDatabase();
  const config = loadConfig(
    { NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: database.url, ...opts.env },
    [],
  );
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const pool = createPool(database.url, 5);
  const db = createDb(pool);
  const jobs = new JobQueue(database.url, logger);
  // Every module's entities, also when a test loads only some modules' routes (definitions are data).
  const deps: AppDeps = {
    config,
    db,
    jobs,
    entities: installEntities([...allModules, ...(opts.modules ?? [])]),
    secrets: createSecretBox(
      loadSecretKeys(config.SECRETS_KEY ?? randomBytes(32).toString("base64"), config.dataDir),
    ),
    databaseUrl: database.url,
    pool,
  };
  const modules = opts.modules ?? allModules;
  jobs.define([maintenanceJob(db) as never, ...modules.flatMap((m) => (m.jobs?.(deps) ?? []) as never[])]);
  await jobs.start({ work: opts.work ?? false });
  installChangeEvents([...allModules, ...(opts.modules ?? [])]);
  // Consumers' cursors start at the (empty) head; tests run them with `relay.drain(name)`.
  const relay = new OutboxRelay(
    db,
    database.url,
    logger,
    modules.flatMap((m) => m.consumers?.(deps) ?? []),
  );
  await relay.prepare();
  const app = await buildApp({
    deps,
    logger,
    modules,
  });
  await app.ready();
  return {
    db,
    url: database.url,
    app,
    deps,
    jobs,
    relay,
    close: async () => {
      await app.close();
      await relay.stop();
      await jobs.stop();
      await db.destroy();
      await database.drop();
    },
  };
}

/**
 * Registers beforeAll/afterAll for a test file and returns the context, filled in before the first test.
 * `const t = useTestContext();` then `t.app.inject(...)` inside tests.
 */
export function useTestContext(opts: TestContextOptions = {}): TestContext {
  const holder: Partial<TestContext> & { close?: () => Promise<void> } = {};
  beforeAll(async () => {
    Object.assign(holder, await createTestContext(opts));
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return new Proxy(holder as TestContext, {
    get(target, prop) {
      const value = target[prop as keyof TestContext];
      if (value === undefined) throw new Error(`Test context not ready: ${String(prop)} used outside a test`);
      return value;
    },
  });
}
