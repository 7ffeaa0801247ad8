import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { errorLines, serverRoot, spawnServer, startServer } from "../test/server-process.js";
import { findFreePort } from "./db/embedded.js";
import { SHARED_ROOT } from "./db/run-as-postgres.js";

/**
 * As root on a fresh VPS the project is cloned into /root (mode 0700) and PostgreSQL runs as the postgres user,
 * which can enter neither the clone (binaries in node_modules) nor DATA_DIR. A copy of the project in a fresh
 * 0700 directory (sources copied, node_modules hard-linked) must start; where it cannot, one line says why.
 */
const isRoot = os.userInfo().uid === 0;
const repoRoot = path.resolve(serverRoot, "..");
const closed = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-root-"));
fs.chmodSync(closed, 0o700);
const clone = path.join(closed, "tandem");
const cleanup: string[] = [closed];

afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function copyProject(): void {
  fs.mkdirSync(path.join(clone, "server"), { recursive: true });
  for (const f of ["package.json", "tsconfig.base.json"])
    fs.copyFileSync(path.join(repoRoot, f), path.join(clone, f));
  for (const f of ["package.json", "tsconfig.json"]) {
    fs.copyFileSync(path.join(serverRoot, f), path.join(clone, "server", f));
  }
  fs.cpSync(path.join(serverRoot, "src"), path.join(clone, "server", "src"), { recursive: true });
  execFileSync("cp", ["-al", path.join(repoRoot, "node_modules"), path.join(clone, "node_modules")]);
  execFileSync("cp", [
    "-al",
    path.join(serverRoot, "node_modules"),
    path.join(clone, "server", "node_modules"),
  ]);
}

describe.skipIf(!isRoot)("as root, with the project in a 0700 directory", { timeout: 300_000 }, () => {
  const env = { ADMIN_PASSWORD: "Root-install-Pa55word!", LOG_LEVEL: "info" };

  it("starts: binaries and data are placed where the postgres user reaches them, and the location is printed", async () => {
    copyProject();
    const dataDir = path.join(clone, "data");
    const server = await startServer({ ...env, DATA_DIR: dataDir }, { cwd: path.join(clone, "server") });
    const link = path.join(dataDir, "pg");
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    const pgDir = fs.readlinkSync(link);
    cleanup.push(path.dirname(pgDir));
    expect(pgDir.startsWith(`${SHARED_ROOT}/data-`)).toBe(true);
    expect(server.stdout()).toContain(`embedded PostgreSQL: data in ${pgDir}`);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(errorLines(server)).toEqual([]);

    // The next start finds the cluster through the link.
    const again = await startServer({ ...env, DATA_DIR: dataDir }, { cwd: path.join(clone, "server") });
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
    expect(fs.existsSync(path.join(pgDir, "PG_VERSION"))).toBe(true);
  });

  it("a cluster already inside a closed DATA_DIR: one line naming the cause and the fix", async () => {
    const dataDir = path.join(closed, "old-data");
    fs.mkdirSync(path.join(dataDir, "pg"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "pg", "PG_VERSION"), "15\n");
    const server = spawnServer({ ...env, DATA_DIR: dataDir, PORT: String(await findFreePort()) });
    expect(await server.exited).toBe(1);
    const lines = errorLines(server);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Tandem CRM could not start: The postgres user cannot reach the database in .*chmod o\+x/,
    );
  });
});
