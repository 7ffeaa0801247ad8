import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually, getJson, postJson, readyStatus, type Session, signInTo } from "../test/process-http.js";
import {
  errorLines,
  type ServerProcess,
  spawnServer,
  spawnWorker,
  startServer,
  waitForOutput,
} from "../test/server-process.js";
import { isAlive } from "./db/cluster-owner.js";
import { findFreePort } from "./db/embedded.js";

/**
 * One DATA_DIR, several processes: a worker (or a second server) started next to a running server must not
 * stop or "recover" the server's embedded PostgreSQL. The worker joins the cluster; a second server refuses.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-shared-"));
fs.chmodSync(dataDir, 0o755);
const admin = { email: "shared-admin@example.com", password: "Shared-test-Pa55word!" };
// The server leaves background work to the worker, so a job that gets done proves the worker is connected.
const serverEnv = {
  DATA_DIR: dataDir,
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  RUN_JOBS: "false",
};
const workerEnv = { DATA_DIR: dataDir, LOG_LEVEL: "info" };
const pidFile = path.join(dataDir, "pg", "postmaster.pid");
const postmasterPid = () => Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const p of running.reverse()) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function track(p: ServerProcess): ServerProcess {
  running.push(p);
  return p;
}

/** A task whose reminder is due now: the `tasks.reminder` job turns it into a notification. */
async function remindNow(server: ServerProcess, session: Session, title: string): Promise<void> {
  const res = await postJson(server, "/api/v1/tasks", session, {
    title,
    dueAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    reminders: [4 * 60],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function notificationTitles(server: ServerProcess, session: Session): Promise<string[]> {
  const res = await getJson(server, "/api/v1/notifications", session);
  expect(res.status).toBe(200);
  const items = res.body.items as { kind: string; params?: { title?: string } }[];
  return items.filter((n) => n.kind === "task.reminder").map((n) => n.params?.title ?? "");
}

describe("several processes on one embedded database", { timeout: 240_000 }, () => {
  let server: ServerProcess;
  let session: Session;
  let pgPid = 0;

  it("a worker joins the running server's PostgreSQL and does its jobs; the server keeps answering", async () => {
    server = track(await startServer(serverEnv));
    pgPid = postmasterPid();
    session = await signInTo(server, admin.email, admin.password);

    const worker = track(spawnWorker(workerEnv));
    await waitForOutput(worker, "Tandem CRM worker is running");
    expect(worker.stdout()).toContain(`using the embedded database run by process ${server.child.pid}`);
    expect(await readyStatus(server)).toBe(200);
    expect(postmasterPid()).toBe(pgPid);

    await remindNow(server, session, "Call back — via the worker");
    const titles = await eventually("the worker to deliver the reminder", async () => {
      const t = await notificationTitles(server, session);
      return t.length > 0 ? t : undefined;
    });
    expect(titles).toEqual(["Call back — via the worker"]);

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    // The worker left the cluster alone: same postmaster, the session written before is still valid.
    expect(isAlive(pgPid)).toBe(true);
    expect(await readyStatus(server)).toBe(200);
    expect((await getJson(server, "/api/v1/me", session)).status).toBe(200);
  });

  it("a second server on the same DATA_DIR refuses with one line and leaves the first one running", async () => {
    const second = track(spawnServer({ ...serverEnv, PORT: String(await findFreePort()) }));
    expect(await second.exited).toBe(1);
    const lines = errorLines(second);
    expect(lines, second.stderr()).toEqual([
      `Tandem CRM could not start: The embedded database in ${dataDir} is in use by process ${server.child.pid}; use DATABASE_URL to run several servers.`,
    ]);
    expect(postmasterPid()).toBe(pgPid);
    expect(await readyStatus(server)).toBe(200);
    expect((await getJson(server, "/api/v1/me", session)).status).toBe(200);
  });

  it("a worker whose server stops the database exits with one line instead of running on without it", async () => {
    const worker = track(spawnWorker(workerEnv));
    await waitForOutput(worker, "Tandem CRM worker is running");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    expect(await worker.exited).toBe(1);
    expect(worker.stderr()).toContain("the embedded database it shared has stopped");

    // Nothing was lost: the next server owns the cluster again and has the earlier session and notification.
    const again = track(await startServer(serverEnv));
    expect((await getJson(again, "/api/v1/me", session)).status).toBe(200);
    expect(await notificationTitles(again, session)).toEqual(["Call back — via the worker"]);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });
});
