import { sql } from "kysely";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, createPool, type Database } from "../../platform/db/database.js";
import { findFreePort } from "../../platform/db/embedded.js";
import { pendingMigrations } from "../../platform/db/migrate.js";
import { buildApp } from "../../platform/http/app.js";
import type { App } from "../../platform/http/types.js";
import { useTestContext } from "../../test/harness.js";
import { healthRoutes } from "./routes.js";

const t = useTestContext();
const opened: { app: App; db?: Database }[] = [];
afterAll(async () => {
  for (const o of opened) {
    await o.app.close();
    await o.db?.destroy();
  }
});

/** An app with only the health routes, on `db`, expecting `expected` applied migrations. */
async function healthApp(db: Database, expected: number, own = false): Promise<App> {
  const app = await buildApp({
    deps: { ...t.deps, db },
    logger: pino({ level: "silent" }),
    modules: [{ name: "health", routes: healthRoutes(expected) }],
  });
  await app.ready();
  opened.push(own ? { app, db } : { app });
  return app;
}

async function appliedCount(db: Database): Promise<number> {
  const r = await sql<{ n: string }>`select count(*)::text as n from schema_migrations`.execute(db);
  return Number(r.rows[0]?.n);
}

describe("health endpoints", () => {
  it("/healthz and /readyz answer 200 when the database is up and fully migrated", async () => {
    const total = (await appliedCount(t.db)) + (await pendingMigrations(t.db as never));
    const app = await healthApp(t.db, total);
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 503 problem+json while the database cannot be reached; /healthz stays 200", async () => {
    const port = await findFreePort();
    const db = createDb(createPool(`postgres://nobody:nothing@127.0.0.1:${port}/none`, 1));
    const app = await healthApp(db, 1, true);
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({ status: 503, code: "database_unreachable", instance: "/readyz" });
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("/readyz is 503 problem+json when the database lacks the latest migration", async () => {
    const total = (await appliedCount(t.db)) + (await pendingMigrations(t.db as never));
    const latest = await sql<{ name: string }>`
      select name from schema_migrations order by name desc limit 1`.execute(t.db);
    await sql`delete from schema_migrations where name = ${latest.rows[0]?.name}`.execute(t.db);
    expect(await pendingMigrations(t.db as never)).toBe(1);

    const app = await healthApp(t.db, total);
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({
      status: 503,
      code: "migrations_pending",
      detail: "Database migrations pending: 1.",
    });
  });
});
