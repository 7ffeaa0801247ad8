/**
 * `npm run restore FILE [-- --force]`: restores a `npm run backup` dump into the Tandem CRM database
 * (`pg_restore --clean --if-exists --no-owner`, in one transaction). Refuses while other clients (a running
 * server or worker) are connected, unless `--force`.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  findTool,
  resolveTarget,
  runScript,
  runTool,
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
    const pgRestore = findTool("pg_restore", await serverMajor(target));
    runTool(
      pgRestore,
      [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        `--dbname=${target.url}`,
        dump,
      ],
      target,
    );
    console.log(`Restored ${path.relative(userCwd, dump)} into ${target.label}.`);
  } finally {
    await target.release();
  }
});
