import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.js";
import { startPendingPost } from "../test/process-http.js";
import { type ServerProcess, spawnServer, startServer, waitForOutput } from "../test/server-process.js";
import { isAlive } from "./db/cluster-owner.js";
import { findFreePort } from "./db/embedded.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-shutdown-"));
fs.chmodSync(tmp, 0o755);
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const p of running) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGKILL");
      await p.exited;
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("shutdown", { timeout: 240_000 }, () => {
  describe("with a database", () => {
    let url = "";
    let drop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ url, drop } = await createTestDatabase());
    });
    afterAll(() => drop());

    it("SHUTDOWN_TIMEOUT_MS bounds the wait for a request that never finishes", async () => {
      const server = await startServer({ DATABASE_URL: url, SHUTDOWN_TIMEOUT_MS: "1000", LOG_LEVEL: "info" });
      running.push(server);
      // A client that sent its headers and never sends the promised body keeps its request open for minutes.
      const stuck = await startPendingPost(server, "/api/v1/auth/login", { email: "x@example.com" });
      server.child.kill("SIGTERM");
      const code = await server.exited;
      expect(code, server.stdout().slice(-3000)).toBe(0);
      expect(server.stdout()).toContain("requests still running at SHUTDOWN_TIMEOUT_MS");
      expect(server.stdout()).toContain("stopped cleanly");
      await stuck.closed;
    });
  });

  it("SIGTERM while starting (PostgreSQL up, migrations running) stops the embedded PostgreSQL too", async () => {
    const dataDir = path.join(tmp, "starting");
    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    const server = spawnServer({ DATA_DIR: dataDir, PORT: String(await findFreePort()), LOG_LEVEL: "info" });
    running.push(server);
    // postmaster.pid appears once PostgreSQL runs; a fresh cluster then gets its database and every migration.
    const deadline = Date.now() + 150_000;
    while (!fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const pgPid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    server.child.kill("SIGTERM");
    expect(await server.exited, server.stderr()).toBe(0);
    expect(server.stdout()).not.toContain("Tandem CRM is running");
    expect(server.stdout()).toContain("stopped cleanly");
    expect(isAlive(pgPid)).toBe(false);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "pg-owner.pid"))).toBe(false);

    // The interrupted start left a cluster the next start simply uses.
    const again = spawnServer({ DATA_DIR: dataDir, PORT: String(await findFreePort()), LOG_LEVEL: "info" });
    running.push(again);
    await waitForOutput(again, "Tandem CRM is running");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });
});
