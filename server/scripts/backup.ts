/**
 * `npm run backup [-- --out FILE]`: dumps the Tandem CRM database with `pg_dump --format=custom` into
 * `backups/tandem-YYYYMMDD-HHMMSS.dump`. Works with the embedded PostgreSQL in DATA_DIR (running or not) or
 * with DATABASE_URL. The server may keep running: pg_dump reads one consistent snapshot.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { findTool, resolveTarget, runScript, runTool, serverMajor, userCwd } from "./pg-tools.js";

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

runScript("Backup", async () => {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const out = path.resolve(userCwd, values.out ?? path.join("backups", `tandem-${timestamp()}.dump`));
  const target = await resolveTarget();
  try {
    const pgDump = findTool("pg_dump", await serverMajor(target));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const partial = `${out}.partial`;
    runTool(
      pgDump,
      ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${target.url}`],
      target,
    );
    fs.renameSync(partial, out);
    const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
    console.log(`Backup of ${target.label} written to ${path.relative(userCwd, out)} (${size} MB).`);
  } finally {
    await target.release();
  }
});
