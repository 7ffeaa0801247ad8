import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureDatabase } from "../src/platform/db/connect.js";
import { withDatabase } from "../src/platform/db/database.js";
import { startEmbeddedPostgres } from "../src/platform/db/embedded.js";

export interface BenchDatabase {
  url: string;
  kind: "embedded" | "BENCH_DATABASE_URL";
  dispose(): Promise<void>;
}

/**
 * `--keep DIR`: the embedded PostgreSQL in DIR (created on the first run), database `tandem_bench`; stopped but
 * never deleted at the end, so later runs (and EXPLAIN sessions) reuse the loaded data set.
 */
export async function keptDatabase(dir: string, log: (line: string) => void): Promise<BenchDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(dir) });
  await ensureDatabase(embedded.url, "tandem_bench");
  log(`kept embedded PostgreSQL in ${dir}: ${withDatabase(embedded.url, "tandem_bench")}`);
  return {
    url: withDatabase(embedded.url, "tandem_bench"),
    kind: "embedded",
    dispose: () => embedded.stop(),
  };
}

/** A fresh database: on BENCH_DATABASE_URL's server, or in an embedded PostgreSQL in a temp directory. */
export async function benchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const name = `tandem_bench_${Date.now().toString(36)}`;
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    await ensureDatabase(external, name);
    return {
      url: withDatabase(external, name),
      kind: "BENCH_DATABASE_URL",
      dispose: async () => {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-bench-"));
  fs.chmodSync(dir, 0o755);
  const t0 = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  await ensureDatabase(embedded.url, name);
  log(`embedded PostgreSQL started in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  return {
    url: withDatabase(embedded.url, name),
    kind: "embedded",
    dispose: async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
