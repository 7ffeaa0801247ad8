/**
 * `npm run restore FILE [-- --force]`: replaces the Tandem CRM database's contents with a `npm run backup` dump,
 * in one transaction: the dump's schemas (and `public`) are dropped and recreated from the dump
 * (`pg_restore --no-owner` as SQL into `psql --single-transaction`). `pg_restore --clean` cannot be used: it
 * drops constraints one by one, which PostgreSQL refuses on pg-boss's partitioned tables. Refuses while other
 * clients (a running server or worker) are connected, unless `--force`.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  findTool,
  pipeTools,
  resolveTarget,
  runScript,
  serverMajor,
  ToolError,
  userCwd,
  withClient,
} from "./pg-tools.js";

runScript("Restore", async () => {
  const { values, positionals } = parseArgs({
    options: { force: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new ToolError("usage: npm run restore FILE [-- --force]");
  const dump = path.resolve(userCwd, file);
  if (!fs.existsSync(dump)) throw new ToolError(`No such backup file: ${dump}`);
  const target = await resolveTarget();
  try {
    const others = await withClient(target, async (c) => {
      const res = await c.query<{ n: string }>(
        "select count(*)::text as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      );
      return Number(res.rows[0]?.n ?? 0);
    });
    if (others > 0 && !values.force) {
      throw new ToolError(
        `${others} other connection(s) to ${target.label}: stop the Tandem CRM server and workers first (or pass --force).`,
      );
    }
    const major = await serverMajor(target);
    const pgRestore = findTool("pg_restore", major);
    const psql = findTool("psql", major);
    const schemas = new Set(["public", ...dumpSchemas(pgRestore, dump)]);
    const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const replace = [
      // A server left connected (--force) must not make the restore wait forever for its locks.
      "SET lock_timeout = '60s';",
      ...[...schemas].map((s) => `DROP SCHEMA IF EXISTS ${ident(s)} CASCADE;`),
      "CREATE SCHEMA public;",
    ].join(" ");
    await pipeTools(
      { binary: pgRestore, args: ["--no-owner", "--exit-on-error", "--file=-", dump] },
      {
        binary: psql,
        args: [
          "--no-psqlrc",
          "--quiet",
          "--single-transaction",
          "--set=ON_ERROR_STOP=1",
          "--no-password",
          `--dbname=${target.url}`,
          `--command=${replace}`,
          "--file=-",
        ],
      },
      target,
    );
    console.log(`Restored ${path.relative(userCwd, dump)} into ${target.label}.`);
  } finally {
    await target.release();
  }
});

/** The schemas a dump creates (`pg_restore --list`: `12; 2615 16385 SCHEMA - pgboss owner`). */
function dumpSchemas(pgRestore: string, dump: string): string[] {
  const list = execFileSync(pgRestore, ["--list", dump], { encoding: "utf8" });
  return [...list.matchAll(/^\d+; \d+ \d+ SCHEMA - (\S+) /gm)].map((m) => m[1] ?? "").filter(Boolean);
}
