import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isInternalAddress,
  OutboundRequestError,
  resolvePublicAddress,
  safeFetch,
  UnsafeDestinationError,
} from "./ssrf.js";

describe("isInternalAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.31.255.255",
    "192.168.0.10",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::5",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::a00:1",
    "not-an-ip",
  ])("%s is internal", (a) => {
    expect(isInternalAddress(a)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2a00:1450:4010:c0b::64", "::ffff:8.8.8.8"])(
    "%s is public",
    (a) => {
      expect(isInternalAddress(a)).toBe(false);
    },
  );
});

describe("resolvePublicAddress", () => {
  it("refuses internal literals and names, with the reason", async () => {
    await expect(resolvePublicAddress("169.254.169.254", [])).rejects.toThrow(UnsafeDestinationError);
    await expect(resolvePublicAddress("[::1]", [])).rejects.toThrow(/internal address ::1/);
    await expect(resolvePublicAddress("localhost", [])).rejects.toThrow(/internal address/);
    await expect(resolvePublicAddress("no-such-host.invalid", [])).rejects.toThrow(/does not resolve/);
    await expect(resolvePublicAddress("a b", [])).rejects.toThrow(/not a host name/);
    await expect(resolvePublicAddress("", [])).rejects.toThrow(/not a host name/);
  });

  it("lets the admin allow-list name a host, an address or a network", async () => {
    await expect(resolvePublicAddress("127.0.0.1", ["127.0.0.1"])).resolves.toEqual({
      address: "127.0.0.1",
      family: 4,
    });
    await expect(resolvePublicAddress("10.20.30.40", ["10.0.0.0/8"])).resolves.toMatchObject({ family: 4 });
    await expect(resolvePublicAddress("10.20.30.40", ["10.20.30.41"])).rejects.toThrow(
      UnsafeDestinationError,
    );
    await expect(resolvePublicAddress("LOCALHOST.", ["localhost"])).resolves.toBeDefined();
    await expect(resolvePublicAddress("93.184.216.34", [])).resolves.toEqual({
      address: "93.184.216.34",
      family: 4,
    });
  });
});

describe("safeFetch", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
        res.end();
      } else if (req.url === "/big") {
        res.end(Buffer.alloc(64 * 1024, 97));
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 2000);
      } else {
        let body = "";
        req.on("data", (c) => {
          body += c;
        });
        req.on("end", () => {
          res.setHeader("x-echo-method", req.method ?? "");
          res.end(`${req.headers.host}|${body}`);
        });
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("refuses an internal URL unless allowed, and non-http schemes and URL credentials always", async () => {
    await expect(safeFetch(`${base}/`, { allow: [] })).rejects.toThrow(UnsafeDestinationError);
    await expect(safeFetch("ftp://example.com/x", { allow: ["example.com"] })).rejects.toThrow(/only http/);
    await expect(safeFetch("file:///etc/passwd", { allow: [] })).rejects.toThrow(/only http/);
    await expect(safeFetch(`http://u:p@127.0.0.1/`, { allow: ["127.0.0.1"] })).rejects.toThrow(/credentials/);
    await expect(safeFetch("http://2130706433/", { allow: [] })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it("sends method, headers and body to the pinned address and reads the answer", async () => {
    const res = await safeFetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
      allow: ["127.0.0.1"],
    });
    expect(res.status).toBe(200);
    expect(res.headers["x-echo-method"]).toBe("POST");
    expect(res.body.toString()).toBe(`${new URL(base).host}|{"a":1}`);
    expect(res.truncated).toBe(false);
  });

  it("keeps the connection to a checked address alive for the next request", async () => {
    let connections = 0;
    const own = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.end(req.url));
    });
    own.on("connection", () => {
      connections += 1;
    });
    await new Promise<void>((r) => own.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await safeFetch(`${url}/${i}`, { method: "POST", body: "x", allow: ["127.0.0.1"] });
        expect(res.body.toString()).toBe(`/${i}`);
      }
      expect(connections).toBe(1);
    } finally {
      own.closeAllConnections();
      own.close();
    }
  });

  it("returns redirects without following them", async () => {
    const res = await safeFetch(`${base}/redirect`, { allow: ["127.0.0.1"] });
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain("169.254.169.254");
  });

  it("cuts the body at maxBytes and gives up after the deadline", async () => {
    const big = await safeFetch(`${base}/big`, { allow: ["127.0.0.1"], maxBytes: 1000 });
    expect(big.body.length).toBe(1000);
    expect(big.truncated).toBe(true);
    const slow = safeFetch(`${base}/slow`, { allow: ["127.0.0.1"], timeoutMs: 200 });
    await expect(slow).rejects.toBeInstanceOf(OutboundRequestError);
    await expect(slow).rejects.toMatchObject({ reason: "timeout" });
  });
});
