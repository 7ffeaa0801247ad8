/**
 * Writes the OpenAPI document of the full app (every module) to the given path, keys sorted so the file only
 * changes when the API does. Needs no database: the app is built with a pool that never connects.
 *
 *   tsx scripts/dump-openapi.ts ../web/src/api/openapi.json
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { modules } from "../src/modules/index.js";
import { loadConfig } from "../src/platform/config/config.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { buildApp } from "../src/platform/http/app.js";
import type { AppDeps } from "../src/platform/http/types.js";
import { JobQueue } from "../src/platform/jobs/queue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { createSecretBox } from "../src/platform/secrets/secret-box.js";

const UNUSED_DB = "postgres://openapi:unused@127.0.0.1:1/unused";

/** Recursively sorts object keys; arrays keep their order (it is meaningful, e.g. `required`, `enum`). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error("usage: dump-openapi.ts <output.json>");
  const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent", DATABASE_URL: UNUSED_DB }, []);
  const logger = pino({ level: "silent" });
  const pool = createPool(UNUSED_DB, 1);
  const db = createDb(pool);
  const jobs = new JobQueue(UNUSED_DB, logger);
  // A throwaway key: the document describes routes, nothing is sealed.
  const deps: AppDeps = {
    config,
    db,
    jobs,
    entities: installEntities(modules),
    secrets: createSecretBox([randomBytes(32)]),
  };
  const app = await buildApp({
    deps,
    logger,
    modules,
  });
  await app.ready();
  const doc = sortKeys(app.swagger());
  await app.close();
  await db.destroy();
  const target = path.resolve(out);
  fs.writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`OpenAPI document written to ${path.relative(process.cwd(), target)}`);
}

main().catch((err: unknown) => {
  console.error(`dump-openapi failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
