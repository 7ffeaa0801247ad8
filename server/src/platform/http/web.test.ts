import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "./types.js";
import { serveWeb } from "./web.js";

const JS = `export const rows = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `row ${i}`))};\n`;
let dir: string;
let app: App;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-web-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><div id=root></div>");
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
  const asset = path.join(dir, "assets", "RecordListPage-Br1MXKus.js");
  fs.writeFileSync(asset, JS);
  fs.writeFileSync(`${asset}.gz`, gzipSync(JS));
  fs.writeFileSync(`${asset}.br`, brotliCompressSync(JS));
  app = Fastify() as unknown as App;
  await serveWeb(app, dir);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("serving the built web app", () => {
  it("sends hashed assets precompressed when the browser accepts it, cacheable for a year", async () => {
    const br = await app.inject({
      url: "/assets/RecordListPage-Br1MXKus.js",
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(JS.length);

    const gz = await app.inject({
      url: "/assets/RecordListPage-Br1MXKus.js",
      headers: { "accept-encoding": "gzip" },
    });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.rawPayload.equals(gzipSync(JS))).toBe(true);
  });

  it("falls back to the plain file for clients without compression", async () => {
    const plain = await app.inject({
      url: "/assets/RecordListPage-Br1MXKus.js",
      headers: { "accept-encoding": "identity" },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("lets unhashed files and the page itself be revalidated", async () => {
    const icon = await app.inject({ url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["cache-control"]).not.toMatch(/immutable/);
    const page = await app.inject({ url: "/contacts" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.body).toContain("<div id=root>");
  });

  it("answers unknown API paths and missing assets with problem+json 404s, not the page", async () => {
    for (const url of ["/api/v1/nowhere", "/assets/Missing-Abcdef12.js"]) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: "not_found" });
    }
  });
});
