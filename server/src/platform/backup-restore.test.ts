import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.js";
import { serverRoot, startServer } from "../test/server-process.js";
import { ensureDatabase } from "./db/connect.js";
import { withDatabase } from "./db/database.js";
import { type EmbeddedHandle, startEmbeddedPostgres } from "./db/embedded.js";
import { MAINTENANCE_JOB } from "./jobs/maintenance.js";

const hasPgDump = spawnSync("pg_dump", ["--version"]).status === 0;
const reason = "pg_dump is not installed (apt-get install postgresql-client); CI installs it";

/** Runs `npm run backup|restore` the way npm does: in server/, with INIT_CWD where the user typed it. */
function script(name: "backup" | "restore", args: string[], env: Record<string, string>) {
  const res = spawnSync(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...args], {
    cwd: serverRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 170_000,
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}`, stderr: res.stderr.trim() };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const teamNames = async (url: string) =>
  (await query<{ name: string }>(url, "select name from teams order by name")).map((r) => r.name);

describe.skipIf(!hasPgDump)(`backup and restore (skipped when ${reason})`, { timeout: 180_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-backup-"));
  const dataDir = path.join(work, "data");
  const env = { INIT_CWD: work, DATA_DIR: "data" };
  let pgHandle: EmbeddedHandle | null = null;
  let url = "";

  beforeAll(async () => {
    fs.chmodSync(work, 0o755);
    pgHandle = await startEmbeddedPostgres({ dataDir });
    await ensureDatabase(pgHandle.url, "tandem");
    url = withDatabase(pgHandle.url, "tandem");
    await query(url, "create table teams (id serial primary key, name text not null)");
    await query(url, "insert into teams (name) values ('Before backup'), ('Kept')");
  });
  afterAll(async () => {
    await pgHandle?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  let dump = "";
  it("backs up the running embedded instance into backups/tandem-<timestamp>.dump", () => {
    const res = script("backup", [], env);
    expect(res.status, res.out).toBe(0);
    const files = fs.readdirSync(path.join(work, "backups"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tandem-\d{8}-\d{6}\.dump$/);
    dump = path.join("backups", files[0] ?? "");
    expect(fs.statSync(path.join(work, dump)).size).toBeGreaterThan(0);
    expect(res.out).toContain(`written to ${dump}`);
  });

  it("refuses to restore while another client is connected, unless --force", async () => {
    await query(url, "delete from teams where name = 'Before backup'");
    await query(url, "insert into teams (name) values ('After backup')");
    const server = new pg.Client({ connectionString: url });
    await server.connect();
    try {
      const refused = script("restore", [dump], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr.split("\n")).toHaveLength(1);
      expect(refused.stderr).toMatch(/other connection.*stop the Tandem CRM server/);
      expect(await teamNames(url)).toEqual(["After backup", "Kept"]);
      const forced = script("restore", [dump, "--force"], env);
      expect(forced.status, forced.out).toBe(0);
      expect(await teamNames(url)).toEqual(["Before backup", "Kept"]);
    } finally {
      await server.end();
    }
  });

  it("starts a stopped instance for the backup and stops it again", async () => {
    await pgHandle?.stop();
    pgHandle = null;
    const out = path.join(work, "stopped.dump");
    const res = script("backup", ["--out", "stopped.dump"], env);
    expect(res.status, res.out).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    const list = spawnSync("pg_restore", ["--list", out], { encoding: "utf8" });
    expect(list.stdout).toContain("TABLE public teams");
  });

  it("a missing backup file or data directory is one clear line", () => {
    const missing = script("restore", ["nope.dump"], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^Restore failed: No such backup file: .*nope\.dump$/);
    const noData = script("backup", [], { INIT_CWD: work, DATA_DIR: "elsewhere" });
    expect(noData.status).toBe(1);
    expect(noData.stderr).toMatch(/^Backup failed: No Tandem CRM database in .*elsewhere/);
  });

  it("works with DATABASE_URL too", async () => {
    const db = await createTestDatabase();
    try {
      await query(db.url, "insert into teams (name) values ('External')");
      const res = script("backup", ["--out", "external.dump"], { INIT_CWD: work, DATABASE_URL: db.url });
      expect(res.status, res.out).toBe(0);
      await query(db.url, "delete from teams where name = 'External'");
      const restored = script("restore", ["external.dump"], { INIT_CWD: work, DATABASE_URL: db.url });
      expect(restored.status, restored.out).toBe(0);
      expect(await teamNames(db.url)).toContain("External");
    } finally {
      await db.drop();
    }
  });
});

/** Every table of the app's schemas with its row count and a hash of its rows. */
async function snapshot(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ s: string; t: string }>(
      `select table_schema as s, table_name as t from information_schema.tables
       where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const out: Record<string, string> = {};
    for (const { s, t } of tables.rows) {
      const name = `${c.escapeIdentifier(s)}.${c.escapeIdentifier(t)}`;
      const res = await c.query<{ n: number; h: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from ${name} x`,
      );
      out[`${s}.${t}`] = `${res.rows[0]?.n}:${res.rows[0]?.h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

const rowsOf = (snap: Record<string, string>, table: string) => Number((snap[table] ?? "0:").split(":")[0]);

/**
 * The real thing: a server fills the migrated schema with demo data (every module) and pg-boss creates its
 * queues (partitioned tables, which `pg_restore --clean` could not drop); a delayed job waits in the queue.
 */
describe.skipIf(!hasPgDump)("restore of the real schema", { timeout: 300_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-restore-"));
  fs.chmodSync(work, 0o755);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Runs a demo server on `env`, stops it, then backs up, changes and restores the database at `url`. */
  async function roundTrip(env: Record<string, string>, url: string) {
    const boss = new PgBoss({ connectionString: url, schema: "pgboss", supervise: false, schedule: false });
    await boss.start();
    await boss.send(MAINTENANCE_JOB, { from: "backup test" }, { startAfter: 3600 });
    await boss.stop({ graceful: false, wait: true });

    const before = await snapshot(url);
    const tables = [
      "public.companies",
      "public.contacts",
      "public.deals",
      "public.tasks",
      "public.activities",
    ];
    for (const table of tables) expect(rowsOf(before, table), table).toBeGreaterThan(0);
    expect(rowsOf(before, "pgboss.job")).toBeGreaterThan(0);
    // pg-boss 10 keeps a partition per queue
    expect(Object.keys(before).filter((t) => t.startsWith("pgboss.j")).length).toBeGreaterThan(2);

    const backup = script("backup", ["--out", "real.dump"], { INIT_CWD: work, ...env });
    expect(backup.status, backup.out).toBe(0);
    await query(url, "update companies set name = 'changed after backup'");
    await query(url, "delete from pgboss.job");
    await query(url, "create table stray_after_backup (x int)");
    expect(await snapshot(url)).not.toEqual(before);

    const restored = script("restore", ["real.dump"], { INIT_CWD: work, ...env });
    expect(restored.status, restored.out).toBe(0);
    expect(await snapshot(url)).toEqual(before);
  }

  async function demoServer(env: Record<string, string>) {
    const server = await startServer({ ...env, DEMO: "1", ADMIN_PASSWORD: "Restore-test-Pa55word!" });
    server.child.kill("SIGTERM");
    expect(await server.exited, server.stderr()).toBe(0);
  }

  it("embedded: backup → change → restore gives back every table's rows, the job queue included", async () => {
    const dataDir = path.join(work, "data");
    await demoServer({ DATA_DIR: dataDir });
    const handle = await startEmbeddedPostgres({ dataDir });
    try {
      await roundTrip({ DATA_DIR: dataDir }, withDatabase(handle.url, "tandem"));
    } finally {
      await handle.stop();
    }
  });

  it("DATABASE_URL (TEST_DATABASE_URL's server when set): the same round trip", async () => {
    const db = await createTestDatabase();
    try {
      await demoServer({ DATABASE_URL: db.url });
      await roundTrip({ DATABASE_URL: db.url }, db.url);
    } finally {
      await db.drop();
    }
  });
});
