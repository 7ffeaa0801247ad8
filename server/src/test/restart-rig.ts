import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase } from "./harness.js";
import { type ServerProcess, startServer } from "./server-process.js";

/**
 * A database of its own for tests that start, kill and restart real server processes on it: `boot()` starts a
 * server bootstrapped with `admin`, `client()` is a direct connection for checking rows; every server still
 * running is stopped and the database dropped after the file.
 */
export function useRestartableServers(admin: { email: string; password: string }) {
  let url = "";
  let drop: () => Promise<void> = async () => {};
  let client: pg.Client | undefined;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    for (const p of running) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill("SIGTERM");
        await p.exited;
      }
    }
    await client?.end();
    await drop();
  });

  return {
    async boot(): Promise<ServerProcess> {
      const p = await startServer({
        DATABASE_URL: url,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      });
      running.push(p);
      return p;
    },
    client(): pg.Client {
      if (!client) throw new Error("useRestartableServers: the database is not ready yet");
      return client;
    },
  };
}
