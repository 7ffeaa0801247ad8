import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors.js";

/**
 * The guard for every server-side connection to a user-given host (webhooks, rule steps, mail servers, SMS
 * gateways): resolve once, refuse addresses inside the network (loopback, private, link-local, cloud metadata…)
 * unless an admin allow-list names them, and connect to exactly the address that was checked, so a DNS answer
 * that changes between check and connect (rebinding) cannot slip through.
 */
export class UnsafeDestinationError extends AppError {
  constructor(host: string, reason: string) {
    super(422, "unsafe_destination", `Connections to ${host} are not allowed: ${reason}.`);
  }
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** An IPv4 address hidden in an IPv6 one (`::ffff:10.0.0.1`, `::10.0.0.1`), else null. */
function embeddedIpv4(address: string): string | null {
  const m = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1] as string;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = Number.parseInt(hex[1] as string, 16);
  const lo = Number.parseInt(hex[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when the address points inside the network (or is not a usable unicast address at all). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

interface AllowList {
  names: Set<string>;
  addresses: BlockList;
}
// Parsed once per list (the config's array lives as long as the process), not on every request.
const parsedAllowLists = new WeakMap<readonly string[], AllowList>();

function parseAllowList(allow: readonly string[]): AllowList {
  let parsed = parsedAllowLists.get(allow);
  if (parsed) return parsed;
  parsed = { names: new Set(), addresses: new BlockList() };
  for (const entry of allow) {
    const e = entry.trim().toLowerCase();
    if (!e) continue;
    const [net, prefix] = e.split("/");
    const family = isIP(net ?? "");
    if (family && prefix !== undefined) {
      parsed.addresses.addSubnet(net as string, Number(prefix), family === 4 ? "ipv4" : "ipv6");
    } else if (family) {
      parsed.addresses.addAddress(e, family === 4 ? "ipv4" : "ipv6");
    } else {
      parsed.names.add(e);
    }
  }
  parsedAllowLists.set(allow, parsed);
  return parsed;
}

function allowedBy(allow: readonly string[], host: string, address: string): boolean {
  if (allow.length === 0) return false;
  const list = parseAllowList(allow);
  if (list.names.has(host.toLowerCase().replace(/\.$/, ""))) return true;
  const family = isIP(address);
  return family !== 0 && list.addresses.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves `host` (a name or an IP literal, brackets allowed) and returns the address to connect to; throws
 * `UnsafeDestinationError` when any answer is internal and not allowed (one bad answer taints the name).
 */
export async function resolvePublicAddress(host: string, allow: readonly string[]): Promise<ResolvedAddress> {
  const bare = host.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (!bare || /[\s/\\@]/.test(bare) || bare.includes("\u0000"))
    throw new UnsafeDestinationError(host, "not a host name");
  let answers: { address: string; family: number }[];
  if (isIP(bare)) {
    answers = [{ address: bare, family: isIP(bare) }];
  } else {
    try {
      answers = await lookup(bare, { all: true, verbatim: true });
    } catch {
      throw new UnsafeDestinationError(host, "the host name does not resolve");
    }
  }
  if (answers.length === 0) throw new UnsafeDestinationError(host, "the host name does not resolve");
  for (const a of answers) {
    if (isInternalAddress(a.address) && !allowedBy(allow, bare, a.address)) {
      throw new UnsafeDestinationError(host, `it resolves to the internal address ${a.address}`);
    }
  }
  const first = answers[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export interface SafeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole request deadline (connect, send, read). Default 10 s. */
  timeoutMs?: number;
  /** Bytes of the response body kept; the rest is cut off (`truncated`). Default 1 MiB. */
  maxBytes?: number;
  /** Admin allow-list (`OUTBOUND_ALLOW_HOSTS`): host names, IPs or CIDRs that may be internal. */
  allow: readonly string[];
}

export interface SafeFetchResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  durationMs: number;
}

export class OutboundRequestError extends AppError {
  constructor(
    url: string,
    readonly reason: "timeout" | "connection_failed",
    detail: string,
  ) {
    super(502, "outbound_request_failed", `The request to ${url} failed: ${detail}.`);
  }
}

/** Idle keep-alive connections are closed after this (below the 5 s most servers keep them). */
const IDLE_SOCKET_MS = 4_000;
const MAX_AGENTS = 256;
/**
 * Keep-alive connection pools, one per checked address and scheme (the pinned address is part of the key, so a
 * pooled connection always goes where the check said): deliveries to one receiver reuse their connections
 * instead of a TCP (and TLS) handshake each.
 */
const agents = new Map<string, http.Agent>();

function agentFor(protocol: string, pinned: ResolvedAddress): http.Agent {
  const key = `${protocol}//${pinned.address}`;
  let agent = agents.get(key);
  if (!agent) {
    if (agents.size >= MAX_AGENTS) {
      const [oldest, pool] = agents.entries().next().value as [string, http.Agent];
      agents.delete(oldest);
      pool.destroy();
    }
    const opts = { keepAlive: true, maxSockets: 64, maxFreeSockets: 32, timeout: IDLE_SOCKET_MS };
    agent = protocol === "https:" ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * An HTTP(S) request to a user-given URL: only http/https, the checked address pinned, redirects returned as they
 * are (never followed), a deadline and a cap on the bytes read. Connections are kept alive per checked address.
 */
export async function safeFetch(url: string, init: SafeFetchInit): Promise<SafeFetchResponse> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new UnsafeDestinationError(url, "not a valid URL");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new UnsafeDestinationError(url, "only http and https URLs are allowed");
  }
  if (target.username || target.password)
    throw new UnsafeDestinationError(target.host, "credentials in the URL");
  const pinned = await resolvePublicAddress(target.hostname, init.allow);
  const started = performance.now();
  const signal = AbortSignal.timeout(init.timeoutMs ?? 10_000);
  try {
    return await request(url, target, init, pinned, agentFor(target.protocol, pinned), signal, started);
  } catch (err) {
    // A kept-alive connection the server had just closed: once more on a new connection.
    if (!(err instanceof StaleConnectionError)) throw err;
    return request(url, target, init, pinned, false, signal, started);
  }
}

class StaleConnectionError extends Error {}

function request(
  url: string,
  target: URL,
  init: SafeFetchInit,
  pinned: ResolvedAddress,
  agent: http.Agent | false,
  signal: AbortSignal,
  started: number,
): Promise<SafeFetchResponse> {
  const timeoutMs = init.timeoutMs ?? 10_000;
  const maxBytes = init.maxBytes ?? 1_048_576;
  const client = target.protocol === "https:" ? https : http;
  return new Promise<SafeFetchResponse>((resolve, reject) => {
    let answered = false;
    const req = client.request(
      target,
      {
        method: init.method ?? "GET",
        headers: init.headers,
        signal,
        lookup: (_host, _opts, cb) => cb(null, pinned.address, pinned.family),
        agent,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(", ") : String(v ?? ""),
              ]),
            ),
            body: Buffer.concat(chunks),
            truncated,
            durationMs: Math.round(performance.now() - started),
          });
        res.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBytes;
            truncated = true;
            finish();
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () => {
          if (!truncated) finish();
        });
        res.on("error", (err) => {
          if (!truncated) reject(new OutboundRequestError(url, "connection_failed", err.message));
        });
      },
    );
    req.on("error", (err) => {
      const timedOut = err.name === "AbortError" || err.name === "TimeoutError";
      const code = (err as { code?: string }).code;
      if (!timedOut && !answered && req.reusedSocket && (code === "ECONNRESET" || code === "EPIPE")) {
        reject(new StaleConnectionError(err.message));
        return;
      }
      reject(
        new OutboundRequestError(
          url,
          timedOut ? "timeout" : "connection_failed",
          timedOut ? `no answer within ${timeoutMs} ms` : err.message,
        ),
      );
    });
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}
