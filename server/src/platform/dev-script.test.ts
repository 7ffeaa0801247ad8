import path from "node:path";
import { describe, expect, it } from "vitest";

/** `npm run dev` (scripts/dev.mjs) must use the same data as `npm start`, which runs from the repository root. */
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const script = path.join(repoRoot, "scripts", "dev.mjs");

interface DevProcess {
  name: string;
  cwd: string;
  env: Record<string, string>;
}

async function devServer(env: Record<string, string>): Promise<DevProcess> {
  const mod = (await import(script)) as { devProcesses(env: Record<string, string>): DevProcess[] };
  const server = mod.devProcesses(env).find((p) => p.name === "server");
  if (!server) throw new Error("dev.mjs starts no server");
  return server;
}

describe("scripts/dev.mjs", () => {
  it("gives the server the repository's ./data although it runs inside server/", async () => {
    const server = await devServer({});
    expect(server.cwd).toBe(path.join(repoRoot, "server"));
    expect(server.env.DATA_DIR).toBe(path.join(repoRoot, "data"));
  });

  it("reads a relative DATA_DIR from the repository root, like npm start, and keeps an absolute one", async () => {
    expect((await devServer({ DATA_DIR: "var/tandem" })).env.DATA_DIR).toBe(
      path.join(repoRoot, "var/tandem"),
    );
    expect((await devServer({ DATA_DIR: "/srv/tandem" })).env.DATA_DIR).toBe("/srv/tandem");
  });

  it("passes PORT to the server and points the web proxy at it", async () => {
    const mod = (await import(script)) as { devProcesses(env: Record<string, string>): DevProcess[] };
    const [server, web] = mod.devProcesses({ PORT: "4100" });
    expect(server?.env.PORT).toBe("4100");
    expect(web?.env.TANDEM_API_URL).toBe("http://localhost:4100");
  });
});
