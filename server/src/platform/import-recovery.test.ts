import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { eventually, getJson, type Session, signInTo } from "../test/process-http.js";
import { type ServerProcess, startServer } from "../test/server-process.js";

/**
 * kill -9 while an import is checked, while it runs and while search catches up with it: after each restart the
 * lost work is taken over (at start-up for the run: its worker's lease is gone) and finishes by itself — every
 * row exactly once — instead of staying `validating`/`running` until its job expires hours later.
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

async function count(where: string): Promise<number> {
  return (await query<{ n: number }>(`select count(*)::int as n from contacts where ${where}`))[0]?.n ?? -1;
}

async function query<T extends object>(text: string): Promise<T[]> {
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
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}
const liveContacts = () => count("deleted_at is null and name like 'Kill %'");
/** Rows the run wrote pending for the search catch-up (a run this large defers fuzzy-search indexing). */
const searchPending = () => count("search_pending and name like 'Kill %'");

interface ImportState {
  status: string;
  progress: { processed: number; created: number };
  startedAt: string | null;
  searchCatchingUp: boolean;
}
const state = async (server: ServerProcess, session: Session, id: string) =>
  (await getJson(server, `/api/v1/imports/${id}`, session)).body as unknown as ImportState;

describe("an import across kill -9", () => {
  it("killed during the dry run, the run and the search catch-up, it finishes by itself after each restart", async () => {
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
    // Taken over at start-up (its worker's lease is gone): it may be done already by the time we sign in.
    expect(["validating", "validated"]).toContain((await state(server, session, id)).status);
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
    const before = await state(server, session, id);
    // The heartbeat alone can then never prove the worker dead (it stays "fresh" for an hour), so a takeover
    // right after the restart can only come from the lease the killed worker's session held.
    const freeze = `update imports set heartbeat_at = now() + interval '1 hour' where id = '${id}'`;
    await query(freeze);
    await kill(server);
    await query(freeze).catch(() => {}); // a beat between the two, if the database still runs
    ({ server, session } = await boot());
    const readyAt = Date.now();
    // Taken over at start-up: on a quiet machine the new attempt may have finished by the time we sign in.
    const cut = await state(server, session, id);
    expect(["running", "completed"]).toContain(cut.status);
    // Taken over at start-up, because the killed worker's lease went with its session: a new attempt claims the
    // run (a new startedAt) although its heartbeat looks fresh.
    const claimed = await eventually(
      "the run to be taken over",
      async () => {
        const s = await state(server, session, id);
        return s.startedAt && s.startedAt !== before.startedAt ? Date.parse(s.startedAt) : undefined;
      },
      60_000,
    );
    expect(claimed - readyAt, "taken over this many ms after the restart").toBeLessThan(30_000);
    await eventually(
      "the run to complete",
      async () => ((await state(server, session, id)).status === "completed" ? true : undefined),
      150_000,
    );
    expect((await state(server, session, id)).progress).toMatchObject({ processed: ROWS, created: ROWS });
    expect(await liveContacts()).toBe(ROWS);

    // 3. kill -9 while search catches up with the run's rows: after the restart it goes on and finishes, and
    // global search finds the imported contacts.
    await eventually("the search catch-up to start", async () => {
      const left = await searchPending();
      return left > 0 && left < ROWS ? true : undefined;
    });
    expect((await state(server, session, id)).searchCatchingUp).toBe(true);
    await kill(server);
    ({ server, session } = await boot());
    await eventually(
      "search to catch up",
      async () => ((await searchPending()) === 0 ? true : undefined),
      300_000,
    );
    expect((await state(server, session, id)).searchCatchingUp).toBe(false);
    const found = await getJson(
      server,
      `/api/v1/search?q=${encodeURIComponent("Kill 59999")}&types=contacts`,
      session,
    );
    expect(JSON.stringify(found.body)).toContain("Kill 59999");
  }, 900_000);
});
