import pg from "pg";
import type { Config } from "../config/config.js";
import { withDatabase } from "./database.js";
import { type EmbeddedHandle, startEmbeddedPostgres } from "./embedded.js";

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedHandle | null;
}

const APP_DB = "tandem";

/** Uses DATABASE_URL when given; otherwise starts the embedded PostgreSQL and ensures the app database exists. */
export async function resolveDatabase(
  config: Config,
  log: (line: string) => void,
  opts: { shareEmbedded?: boolean } = {},
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    await assertReachable(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.EMBEDDED_PG_PORT,
    log,
    share: opts.shareEmbedded ?? false,
  });
  try {
    await ensureDatabase(embedded.url, APP_DB);
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  return { url: withDatabase(embedded.url, APP_DB), embedded };
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      const ident = client.escapeIdentifier(name);
      const tpl = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : "";
      await client.query(`CREATE DATABASE ${ident}${tpl}`).catch((err: { code?: string }) => {
        // Another process sharing the cluster created it at the same moment.
        if (err.code !== "42P04" && err.code !== "23505") throw err;
      });
    }
  } finally {
    await client.end();
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const res = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    const version = Number(res.rows[0]?.v ?? 0);
    if (version < 150000)
      throw new Error(`DATABASE_URL points at PostgreSQL ${version}; version 15 or newer is needed.`);
  } catch (err) {
    const u = new URL(url);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Cannot use DATABASE_URL (${u.hostname}:${u.port || 5432}${u.pathname}): ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
