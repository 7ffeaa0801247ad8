import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { modules } from "../modules/index.js";
import { loadConfig } from "./config/config.js";
import { withDatabase } from "./db/database.js";
import { type Runtime, startRuntime } from "./runtime.js";

const logger = pino({ level: "silent" });
const name = `fresh_${process.pid}_${Date.now().toString(36)}`;
const adminUrl = () => inject("adminUrl");

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE template0`));
});
afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
});

it("two runtimes starting on the same fresh database migrate it once, without conflicts", {
  timeout: 120_000,
}, async () => {
  const url = withDatabase(adminUrl(), name);
  const config = loadConfig(
    {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      DATABASE_URL: url,
      ADMIN_EMAIL: "first-admin@example.com",
      ADMIN_PASSWORD: "Concurrent-start-Pa55",
    },
    [],
  );
  const start = () => startRuntime({ config, logger, modules, http: false, work: true });
  const results = await Promise.allSettled([start(), start()]);
  const runtimes = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  try {
    const errors = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    expect(errors).toEqual([]);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const migrations = await check.query<{ name: string; n: string }>(
        "select name, count(*)::text as n from schema_migrations group by name having count(*) > 1",
      );
      expect(migrations.rows).toEqual([]);
      const applied = await check.query("select 1 from schema_migrations");
      expect(applied.rowCount).toBeGreaterThan(0);
      const admins = await check.query("select email from users");
      expect(admins.rows).toEqual([{ email: "first-admin@example.com" }]);
    } finally {
      await check.end();
    }
  } finally {
    await Promise.all(runtimes.map((r: Runtime) => r.stop()));
  }
});
