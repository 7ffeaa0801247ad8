import { type ChildProcess, spawn } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ADMIN, ARTIFACTS_DIR, SERVER_LOG, WEB_DIR } from "./config";

const SERVER_ENTRY = join(WEB_DIR, "..", "server", "dist", "main.js");
const READY_TIMEOUT_MS = 150_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForReady(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Server exited with code ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Server not ready after ${READY_TIMEOUT_MS / 1000}s:\n${output()}`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.kill("SIGKILL"), 20_000);
    server.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill("SIGTERM");
  });
}

/** Starts `node ../server/dist/main.js` on a free port with a fresh DATA_DIR, unless E2E_BASE_URL is set. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide("baseUrl", external.replace(/\/$/, ""));
    project.provide("serverLog", "");
    project.provide("databaseUrl", process.env.E2E_DATABASE_URL ?? "");
    return undefined;
  }
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first.`);
  if (!existsSync(join(WEB_DIR, "dist", "index.html")))
    throw new Error("web/dist is missing: run `npm run build -w web`.");

  const port = await freePort();
  const pgPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-"));
  // mkdtemp creates 0700; embedded PostgreSQL may run as another OS user (e.g. when we are root).
  chmodSync(dataDir, 0o755);
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = "";
  const server = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: join(WEB_DIR, ".."),
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      // A known port, so tests that move time can reach the database (databaseUrl below).
      EMBEDDED_PG_PORT: String(pgPort),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The newcomer's team works in Russian: the seeded pipeline and roles are named in Russian.
      ADMIN_LANGUAGE: "ru",
      // Mail e2e: mailboxes on the local Dovecot rig (127.0.0.1) pass the SSRF guard.
      OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The whole log also goes to a file: without SMTP_URL the server logs outgoing mail (invitation links).
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(SERVER_LOG, "");
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    appendFileSync(SERVER_LOG, chunk);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);

  try {
    await waitForReady(baseUrl, server, () => log);
  } catch (error) {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("serverLog", SERVER_LOG);
  const creds = JSON.parse(readFileSync(join(dataDir, "pg-credentials.json"), "utf8")) as {
    user: string;
    password: string;
  };
  project.provide(
    "databaseUrl",
    `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${pgPort}/tandem`,
  );

  return async () => {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
