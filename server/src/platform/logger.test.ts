import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "../test/server-process.js";
import { createLogger, logFormat } from "./logger.js";
import { openUrl } from "./process.js";

describe("log format", () => {
  it("is readable on a terminal and JSON elsewhere, unless LOG_FORMAT says", () => {
    expect(logFormat({ LOG_LEVEL: "info", LOG_FORMAT: "auto" }, true)).toBe("pretty");
    expect(logFormat({ LOG_LEVEL: "info", LOG_FORMAT: "auto" }, false)).toBe("json");
    expect(logFormat({ LOG_LEVEL: "info", LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormat({ LOG_LEVEL: "info", LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  it("pretty lines carry the level and the message, not JSON", () => {
    const file = path.join(os.tmpdir(), `tandem-log-${process.pid}.txt`);
    const fd = fs.openSync(file, "w");
    const log = createLogger({ LOG_LEVEL: "info", LOG_FORMAT: "pretty" }, { fd, isTTY: false });
    log.info("hello there");
    log.debug("not shown");
    fs.closeSync(fd);
    const text = fs.readFileSync(file, "utf8");
    fs.rmSync(file);
    expect(text).toMatch(/INFO.*hello there/);
    expect(text).not.toContain("{");
    expect(text).not.toContain("not shown");
  });
});

describe("openUrl", () => {
  it("names an address a person can open", () => {
    expect(openUrl({ HOST: "0.0.0.0", PORT: 3000, PUBLIC_URL: undefined })).toBe("http://localhost:3000");
    expect(openUrl({ HOST: "::", PORT: 8080, PUBLIC_URL: undefined })).toBe("http://localhost:8080");
    expect(openUrl({ HOST: "10.0.0.5", PORT: 3000, PUBLIC_URL: undefined })).toBe("http://10.0.0.5:3000");
    expect(openUrl({ HOST: "fd00::5", PORT: 3000, PUBLIC_URL: undefined })).toBe("http://[fd00::5]:3000");
    expect(openUrl({ HOST: "0.0.0.0", PORT: 3000, PUBLIC_URL: "https://crm.example.com" })).toBe(
      "https://crm.example.com",
    );
  });
});

describe("the server's console", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-console-"));
  fs.chmodSync(dataDir, 0o755);
  const env = { DATA_DIR: dataDir, ADMIN_PASSWORD: "Console-test-Pa55word!", LOG_LEVEL: "info" };
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

  async function stopped(server: ServerProcess): Promise<string> {
    server.child.kill("SIGTERM");
    await server.exited;
    return server.stdout();
  }

  it("LOG_FORMAT=pretty: readable lines, one openable URL, no line per request at the default level", async () => {
    const server = await startServer({ ...env, LOG_FORMAT: "pretty" });
    running.push(server);
    for (let i = 0; i < 3; i++) await fetch(`${server.baseUrl}/healthz`);
    const out = await stopped(server);
    expect(out).toContain(`Tandem CRM is running at http://localhost:${server.port}`);
    expect(out).not.toContain("0.0.0.0");
    expect(out).not.toMatch(/Server listening at/);
    expect(out).not.toContain("/healthz");
    expect(out.split("\n").filter((l) => l.trim().startsWith("{"))).toEqual([]);
  }, 180_000);

  it("not a terminal: JSON lines; LOG_LEVEL=debug adds one line per request", async () => {
    const server = await startServer({ ...env, LOG_LEVEL: "debug" });
    running.push(server);
    await fetch(`${server.baseUrl}/healthz`);
    const out = await stopped(server);
    const lines = out
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { msg?: string; status?: number });
    expect(lines.filter((l) => l.msg === "GET /healthz 200")).toHaveLength(1);
    expect(lines.some((l) => l.msg === `Tandem CRM is running at http://localhost:${server.port}`)).toBe(
      true,
    );
  }, 180_000);
});
