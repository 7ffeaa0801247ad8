import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { eventually, getJson, type Session, signInTo } from "../test/process-http.js";
import { type ServerProcess, startServer } from "../test/server-process.js";

/**
 * kill -9 while an import is checked and while it runs: after the restart the recovery job takes the lost work
 * over (heartbeat older than 30 s) and it finishes by itself — every row exactly once — instead of staying
 * `validating`/`running` until its job expires hours later.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-import-kill-"));
fs.chmodSync(dataDir, 0o755);
const env = {
  DATA_DIR: dataDir,
  ADMIN_EMAIL: "import-admin@example.com",
  ADMIN_PASSWORD: "Import-kill-Pa55word!",
};
const ROWS = 60_000;
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

async function boot(): Promise<{ server: ServerProcess; session: Session }> {
  const server = await startServer(env);
  running.push(server);
  return { server, session: await signInTo(server, env.ADMIN_EMAIL, env.ADMIN_PASSWORD) };
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
}

async function liveContacts(): Promise<number> {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, "pg-credentials.json"), "utf8"));
  const port = Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[3]);
  const c = new pg.Client({
    host: "127.0.0.1",
    port,
    user: creds.user,
    password: creds.password,
    database: "tandem",
  });
  await c.connect();
  try {
    const res = await c.query<{ n: number }>(
      "select count(*)::int as n from contacts where deleted_at is null and name like 'Kill %'",
    );
    return res.rows[0]?.n ?? -1;
  } finally {
    await c.end();
  }
}

interface ImportState {
  status: string;
  progress: { processed: number; created: number };
}
const state = async (server: ServerProcess, session: Session, id: string) =>
  (await getJson(server, `/api/v1/imports/${id}`, session)).body as unknown as ImportState;

describe("an import across kill -9", () => {
  it("killed during the dry run and during the run, it finishes by itself after each restart", async () => {
    let { server, session } = await boot();
    const csv = [
      "Name;Email",
      ...Array.from({ length: ROWS }, (_, i) => `Kill ${i + 1};kill-${i + 1}@example.com`),
    ];
    const up = await fetch(`${server.baseUrl}/api/v1/imports?entity=contacts&fileName=kill.csv`, {
      method: "POST",
      headers: { ...session.headers, "content-type": "application/octet-stream" },
      body: csv.join("\n"),
    });
    expect(up.status).toBe(201);
    const id = ((await up.json()) as { id: string }).id;
    const put = await fetch(`${server.baseUrl}/api/v1/imports/${id}/mapping`, {
      method: "PUT",
      headers: { ...session.headers, "content-type": "application/json" },
      body: JSON.stringify({ mapping: { "0": "name", "1": "email" }, options: {} }),
    });
    expect(put.status).toBe(200);

    // 1. kill -9 while the file is being checked.
    const dry = await fetch(`${server.baseUrl}/api/v1/imports/${id}/dry-run`, {
      method: "POST",
      headers: session.headers,
    });
    expect(dry.status).toBe(202);
    await eventually("the check to start", async () =>
      (await state(server, session, id)).progress.processed > 0 ? true : undefined,
    );
    await kill(server);
    ({ server, session } = await boot());
    expect((await state(server, session, id)).status).toBe("validating");
    await eventually(
      "the check to be taken over and finish",
      async () => ((await state(server, session, id)).status === "validated" ? true : undefined),
      150_000,
    );

    // 2. kill -9 in the middle of the run.
    const run = await fetch(`${server.baseUrl}/api/v1/imports/${id}/run`, {
      method: "POST",
      headers: session.headers,
    });
    expect(run.status).toBe(202);
    await eventually("a committed batch", async () => {
      const s = await state(server, session, id);
      return s.progress.processed > 0 && s.progress.processed < ROWS ? true : undefined;
    });
    await kill(server);
    ({ server, session } = await boot());
    const cut = await state(server, session, id);
    expect(cut.status).toBe("running");
    expect(cut.progress.processed).toBeLessThan(ROWS);
    await eventually(
      "the run to be taken over and complete",
      async () => ((await state(server, session, id)).status === "completed" ? true : undefined),
      150_000,
    );
    expect((await state(server, session, id)).progress).toMatchObject({ processed: ROWS, created: ROWS });
    expect(await liveContacts()).toBe(ROWS);
  }, 600_000);
});
