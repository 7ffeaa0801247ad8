import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startPendingPost } from "../test/process-http.js";
import { type ServerProcess, startServer, waitForOutput } from "../test/server-process.js";

/**
 * The real server as a child process with its own embedded PostgreSQL: killed mid-write (SIGKILL) it must
 * come back by itself with every acknowledged write; stopped with SIGTERM it must exit 0 and leave
 * PostgreSQL shut down cleanly.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-crash-"));
fs.chmodSync(dataDir, 0o755);
const env = {
  DATA_DIR: dataDir,
  ADMIN_EMAIL: "crash-admin@example.com",
  ADMIN_PASSWORD: "Crash-test-Pa55word!",
  LOG_LEVEL: "info",
};
const pidFile = path.join(dataDir, "pg", "postmaster.pid");
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const p of running) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function boot(opts: { detached?: boolean } = {}): Promise<ServerProcess> {
  const p = await startServer(env, opts);
  running.push(p);
  return p;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const postmasterPid = () => Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);

/** Signs in: each 200 is a committed write (a new session row); returns the session cookie. */
async function signIn(server: ServerProcess): Promise<string | null> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
  }).catch(() => null);
  if (res?.status !== 200) return null;
  const session = res.headers.getSetCookie().find((c) => c.startsWith("tandem_session="));
  return session ? (session.split(";")[0] ?? null) : null;
}

async function meStatus(server: ServerProcess, cookie: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { cookie } });
  return res.status;
}

describe("crash and shutdown", () => {
  const acknowledged: string[] = [];
  let current: ServerProcess | null = null;

  it("SIGKILL in the middle of writes: the next start recovers by itself with every acknowledged write", async () => {
    const server = await boot();
    let stop = false;
    const writers = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const cookie = await signIn(server);
        if (cookie && !stop) acknowledged.push(cookie);
      }
    });
    const deadline = Date.now() + 20_000;
    while (acknowledged.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    // Requests are still in flight when the process dies.
    server.child.kill("SIGKILL");
    stop = true;
    expect(await server.exited).toBe("SIGKILL");
    await Promise.all(writers);
    // The postmaster (own process group) does not outlive its owner by more than a few seconds: its watchdog
    // stops it, and PostgreSQL recovers from its WAL on the next start.
    const orphan = postmasterPid();
    const killedAt = Date.now();
    while (isAlive(orphan) && Date.now() - killedAt < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(orphan), "postmaster still running 10 s after its owner was killed").toBe(false);

    current = await boot();
    const statuses = await Promise.all(acknowledged.map((c) => meStatus(current as ServerProcess, c)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 180_000);

  it("SIGTERM: exit code 0, PostgreSQL stopped cleanly, data intact on the next start", async () => {
    const server = current as ServerProcess;
    const pid = postmasterPid();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain("stopped cleanly");
    // A clean shutdown removes postmaster.pid and leaves no server process behind.
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(isAlive(pid)).toBe(false);

    const again = await boot();
    const statuses = await Promise.all(acknowledged.map((c) => meStatus(again, c)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 180_000);

  it("Ctrl+C (SIGINT to the whole process group) lets the app drain before PostgreSQL stops", async () => {
    const server = await boot({ detached: true });
    // Each sign-in is inside the server (headers read, 100 Continue sent) before Ctrl+C, its body only after.
    const inFlight = await Promise.all(
      Array.from({ length: 5 }, () =>
        startPendingPost(server, "/api/v1/auth/login", {
          email: env.ADMIN_EMAIL,
          password: env.ADMIN_PASSWORD,
        }),
      ),
    );
    process.kill(-(server.child.pid as number), "SIGINT");
    await waitForOutput(server, "shutting down");
    const responses = await Promise.all(inFlight.map((r) => r.finish()));
    const code = await server.exited;
    expect(code, `stderr:\n${server.stderr()}\nstdout (tail):\n${server.stdout().slice(-3000)}`).toBe(0);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const r of responses) expect(r.raw).toMatch(/set-cookie: tandem_session=/i);
    // PostgreSQL is in its own process group: it must not have cut the app's connections.
    expect(server.stdout()).not.toContain("terminating connection due to administrator command");
    expect(server.stdout()).toContain("stopped cleanly");
    expect(fs.existsSync(pidFile)).toBe(false);
  }, 180_000);
});
