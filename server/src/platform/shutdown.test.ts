import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/harness.js";
import { eventually, postJson, signInTo, startPendingPost } from "../test/process-http.js";
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

  it("SHUTDOWN_TIMEOUT_MS bounds the wait for a running job; the job is retried later", async () => {
    const { url, drop } = await createTestDatabase();
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      const admin = { email: "stuck-job@example.com", password: "Stuck-job-Pa55word!" };
      const server = await startServer({
        DATABASE_URL: url,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        SHUTDOWN_TIMEOUT_MS: "1000",
        LOG_LEVEL: "info",
      });
      running.push(server);
      // The reminder job will wait for this lock (it inserts a notification) for as long as the test holds it.
      await blocker.query("begin");
      await blocker.query("lock table notifications in share mode");
      const session = await signInTo(server, admin.email, admin.password);
      const task = await postJson(server, "/api/v1/tasks", session, {
        title: "Stuck reminder",
        dueAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        reminders: [4 * 60],
      });
      expect(task.status, JSON.stringify(task.body)).toBe(201);
      const jobId = await eventually("the reminder job to be running and waiting for the lock", async () => {
        const res = await blocker.query<{ id: string }>(
          `select j.id from pgboss.job j where j.name = 'tasks.reminder' and j.state = 'active'
             and exists (select 1 from pg_locks l
                          where not l.granted and l.relation = 'notifications'::regclass)`,
        );
        return res.rows[0]?.id;
      });

      server.child.kill("SIGTERM");
      expect(await server.exited, server.stdout().slice(-3000)).toBe(0);
      expect(server.stdout()).toContain("stopped cleanly");
      await blocker.query("rollback");
      // pg-boss gave the job up at the deadline; it waits for its retry instead of being lost.
      const job = await blocker.query<{ state: string }>("select state from pgboss.job where id = $1", [
        jobId,
      ]);
      expect(job.rows[0]?.state).toBe("retry");
    } finally {
      await blocker.end();
      await drop();
    }
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
