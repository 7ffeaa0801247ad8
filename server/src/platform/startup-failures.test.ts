import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.js";
import { errorLines, type ServerProcess, spawnServer } from "../test/server-process.js";
import { findFreePort } from "./db/embedded.js";

/** A start-up failure must end the process with a non-zero exit and exactly one clear line on stderr. */
async function failedStart(
  env: Record<string, string>,
  user?: { uid: number; gid: number },
): Promise<{ code: number | string; line: string }> {
  const proc: ServerProcess = spawnServer(env, user ? { user } : {});
  const code = await proc.exited;
  const lines = errorLines(proc);
  expect(lines, `stderr:\n${proc.stderr()}\nstdout:\n${proc.stdout()}`).toHaveLength(1);
  return { code, line: lines[0] ?? "" };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-startup-"));
// Readable by an unprivileged user, for the DATA_DIR cases run as `nobody`.
fs.chmodSync(tmp, 0o755);
const isRoot = os.userInfo().uid === 0;
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Each case starts a process (tsx compiles on the fly): slow on a busy 2-core machine.
describe("start-up failures", { timeout: 120_000 }, () => {
  it("an invalid env value names the variable", async () => {
    const { code, line } = await failedStart({ PORT: "abc", DATA_DIR: path.join(tmp, "a") });
    expect(code).toBe(1);
    expect(line).toMatch(/^Tandem CRM could not start: Invalid configuration: PORT: /);
    expect(fs.existsSync(path.join(tmp, "a"))).toBe(false);
  });

  it("an unreachable DATABASE_URL says which server it tried", async () => {
    const port = await findFreePort();
    const { code, line } = await failedStart({
      DATABASE_URL: `postgres://tandem:wrong@127.0.0.1:${port}/tandem`,
      PORT: String(await findFreePort()),
    });
    expect(code).toBe(1);
    expect(line).toContain(`Cannot use DATABASE_URL (127.0.0.1:${port}/tandem)`);
    expect(line).toContain("ECONNREFUSED");
  });

  describe("with a database", () => {
    let url = "";
    let drop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ url, drop } = await createTestDatabase());
    });
    afterAll(() => drop());

    it("an occupied PORT is reported as such", async () => {
      const blocker = net.createServer();
      const port = await findFreePort();
      await new Promise<void>((resolve) => blocker.listen(port, "0.0.0.0", resolve));
      try {
        const { code, line } = await failedStart({ DATABASE_URL: url, PORT: String(port) });
        expect(code).toBe(1);
        expect(line).toMatch(/^Tandem CRM could not start: Port is already in use/);
        expect(line).toContain(String(port));
      } finally {
        blocker.close();
      }
    });
  });

  it("an occupied PORT is found before the embedded PostgreSQL starts or anything is migrated", async () => {
    const blocker = net.createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, "0.0.0.0", resolve));
    const dataDir = path.join(tmp, "port-taken");
    try {
      const { code, line } = await failedStart({ DATA_DIR: dataDir, PORT: String(port) });
      expect(code).toBe(1);
      expect(line).toMatch(/^Tandem CRM could not start: Port is already in use/);
      expect(line).toContain(String(port));
      // Nothing was created: no cluster initialised, started or migrated.
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("a read-only DATA_DIR is reported as not writable", async () => {
    const dir = path.join(tmp, "readonly");
    fs.mkdirSync(dir);
    // Root ignores permission bits: a read-only mount where mounting is allowed, else an unprivileged user.
    const mounted = isRoot && tryReadOnlyMount(dir);
    if (!isRoot) fs.chmodSync(dir, 0o555);
    try {
      const { code, line } = await failedStart(
        { DATA_DIR: path.join(dir, "data"), PORT: String(await findFreePort()) },
        isRoot && !mounted ? unprivilegedUser(dir) : undefined,
      );
      expect(code).toBe(1);
      expect(line).toMatch(/^Tandem CRM could not start: The data directory .* is not writable/);
    } finally {
      if (mounted) execFileSync("umount", [dir]);
    }
  });

  it("a DATA_DIR the app's user may not write is reported as not writable", async () => {
    const dir = path.join(tmp, "not-mine");
    fs.mkdirSync(dir, { mode: 0o555 });
    fs.chmodSync(dir, 0o555);
    const { code, line } = await failedStart(
      { DATA_DIR: path.join(dir, "data"), PORT: String(await findFreePort()) },
      isRoot ? unprivilegedUser(dir) : undefined,
    );
    expect(code).toBe(1);
    expect(line).toMatch(/^Tandem CRM could not start: The data directory .* is not writable \(EACCES\)/);
  });
});

function tryReadOnlyMount(dir: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false; // no CAP_SYS_ADMIN (an unprivileged container): fall back to an unprivileged user
  }
}

/** `nobody`, for whom a root-owned 0555 directory is really read-only (checked before relying on it). */
function unprivilegedUser(dir: string): { uid: number; gid: number } {
  const user = { uid: Number(execFileSync("id", ["-u", "nobody"]).toString()), gid: 65534 };
  user.gid = Number(execFileSync("id", ["-g", "nobody"]).toString());
  fs.chmodSync(dir, 0o555);
  const probe = spawnSync("sh", ["-c", `touch "${dir}/probe"`], { ...user });
  expect(probe.status, "the unprivileged user can write the directory").not.toBe(0);
  return user;
}

describe("scripts/check-node.mjs", { timeout: 60_000 }, () => {
  const script = path.resolve(import.meta.dirname, "../../../scripts/check-node.mjs");
  const check = (version?: string) =>
    spawnSync(process.execPath, [script, ...(version ? [version] : [])], { encoding: "utf8" });

  it.each(["18.20.4", "20.18.1", "v16.0.0"])("refuses Node %s with one line", (version) => {
    const res = check(version);
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/needs Node\.js 20\.19 or newer.*this is v\d/);
  });

  it.each(["20.19.0", "22.1.0", "24.0.0"])("accepts Node %s silently", (version) => {
    const res = check(version);
    expect(res.status).toBe(0);
    expect(res.stderr).toBe("");
  });

  it("accepts the Node running the tests", () => {
    expect(check().status).toBe(0);
  });
});
