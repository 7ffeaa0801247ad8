import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import PgBoss from "pg-boss";
import type { TestProject } from "vitest/node";
import { withDatabase } from "../platform/db/database.js";
import { type EmbeddedHandle, startEmbeddedPostgres } from "../platform/db/embedded.js";
import { migrateToLatest } from "../platform/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * The test cluster is deleted after the run, so a crash of the machine may lose it: no flush to disk per commit.
 * (Tests that kill processes kill the app, never this PostgreSQL.) `TEST_DURABLE=1` keeps the defaults.
 */
const THROWAWAY_CLUSTER: Record<string, string> =
  process.env.TEST_DURABLE === "1"
    ? {}
    : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };

/**
 * One PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL) and one migrated template database;
 * each test file clones the template into its own database (see harness.ts), so files run in parallel.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedHandle | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-test-"));
    fs.chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir, settings: THROWAWAY_CLUSTER });
    adminUrl = embedded.url;
  }
  const templateDb = `tandem_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(templateDb)}`);
  const tplUrl = withDatabase(adminUrl, templateDb);
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: tplUrl }) }),
  });
  await migrateToLatest(db);
  await db.destroy();
  // Install pg-boss's schema once so clones start fast.
  const boss = new PgBoss({ connectionString: tplUrl, schema: "pgboss", supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", templateDb);

  return async () => {
    await admin
      .query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(templateDb)} WITH (FORCE)`)
      .catch(() => {});
    if (process.env.TEST_DATABASE_URL) {
      const left = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`t_${process.pid}_%`],
      );
      for (const r of left.rows) {
        await admin
          .query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(r.datname)} WITH (FORCE)`)
          .catch(() => {});
      }
    }
    await admin.end();
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
