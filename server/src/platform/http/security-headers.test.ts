import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExport } from "../../modules/exports/service.js";
import { modules } from "../../modules/index.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { buildApp } from "./app.js";
import type { App } from "./types.js";

/** Every kind of answer carries the security headers: the app, the API, downloads and errors. */
describe("security headers", () => {
  const t = useTestContext();
  let app: App;
  let dir: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-web-"));
    fs.mkdirSync(path.join(dir, "assets"));
    fs.writeFileSync(
      path.join(dir, "index.html"),
      '<!doctype html><script src="/assets/a-Br1MXKus.js"></script>',
    );
    fs.writeFileSync(path.join(dir, "assets", "a-Br1MXKus.js"), "export {};");
    const config = { ...t.deps.config, webDistDir: dir, PUBLIC_URL: "https://crm.example.com" };
    app = await buildApp({ deps: { ...t.deps, config }, modules, logger: pino({ level: "silent" }) });
    const user = await createUser(t.db, { roleKey: "admin" });
    headers = await tokenHeaders(t.db, user.id);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const expectCommon = (res: { headers: Record<string, unknown> }, what: string) => {
    expect(res.headers["x-content-type-options"], what).toBe("nosniff");
    expect(res.headers["x-frame-options"], what).toBe("DENY");
    expect(res.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(res.headers["permissions-policy"], what).toContain("camera=()");
    expect(res.headers["strict-transport-security"], what).toBe("max-age=31536000; includeSubDomains");
    expect(String(res.headers["content-security-policy"]), what).toContain("frame-ancestors 'none'");
  };

  it("the app's page and assets: a strict script policy", async () => {
    for (const url of ["/contacts", "/assets/a-Br1MXKus.js"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expectCommon(res, url);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("object-src 'none'");
    }
  });

  it("API answers, errors and downloads allow nothing to run", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers,
      payload: { entity: "contacts", format: "csv" },
    });
    await runExport(t.db, created.json().id);
    const cases: [string, Record<string, string>, number][] = [
      ["/api/v1/me", headers, 200],
      ["/api/v1/me", {}, 401],
      ["/api/v1/nothing-here", headers, 404],
      ["/api/v1/contacts?limit=0", headers, 422],
      [`/api/v1/exports/${created.json().id}/download`, headers, 200],
      ["/api/openapi.json", {}, 200],
    ];
    for (const [url, h, status] of cases) {
      const res = await app.inject({ url, headers: h });
      expect(res.statusCode, url).toBe(status);
      expectCommon(res, url);
      expect(res.headers["content-security-policy"], url).toMatch(
        /^default-src 'none'; .*frame-ancestors 'none'/,
      );
    }
  });

  it("no HSTS over plain http", async () => {
    const res = await t.app.inject({ url: "/api/v1/me" });
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });
});
