import net from "node:net";
import type { ServerProcess } from "./server-process.js";

/** HTTP helpers for tests that drive a real server process (see server-process.ts). */

export interface Session {
  cookie: string;
  headers: Record<string, string>;
}

/** Signs in through the server's login route; throws unless it answered 200 with a session. */
export async function signInTo(server: ServerProcess, email: string, password: string): Promise<Session> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookies = new Map(
    res.headers.getSetCookie().map((c) => {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      return [pair.slice(0, i), pair.slice(i + 1)] as const;
    }),
  );
  const session = cookies.get("tandem_session");
  const csrf = cookies.get("tandem_csrf");
  if (!session || !csrf) throw new Error("sign-in set no session or CSRF cookie");
  const cookie = `tandem_session=${session}; tandem_csrf=${csrf}`;
  return { cookie, headers: { cookie, "x-csrf-token": csrf } };
}

export async function getJson(server: ServerProcess, path: string, session: Session) {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: session.headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function postJson(server: ServerProcess, path: string, session: Session, body: object) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { ...session.headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function readyStatus(server: ServerProcess): Promise<number> {
  const res = await fetch(`${server.baseUrl}/readyz`).catch(() => null);
  return res?.status ?? 0;
}

export interface PendingRequest {
  /** Sends the body and resolves with the status line's code and the raw response. */
  finish(): Promise<{ status: number; raw: string }>;
  /** Resolves once the server closed the connection (with or without a response). */
  closed: Promise<string>;
}

/**
 * Starts a JSON POST and stops after the headers, once the server has answered `100 Continue`: from then on the
 * request is provably in flight inside the server (for shutdown tests), until `finish()` sends the body.
 */
export function startPendingPost(server: ServerProcess, path: string, body: object): Promise<PendingRequest> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    let raw = "";
    let continued = false;
    const closed = new Promise<string>((done) => socket.once("close", () => done(raw)));
    socket.once("error", reject);
    socket.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
      if (continued || !raw.includes("\r\n\r\n")) return;
      continued = true;
      if (!raw.startsWith("HTTP/1.1 100")) return reject(new Error(`expected 100 Continue, got: ${raw}`));
      raw = "";
      resolve({
        closed,
        finish: async () => {
          socket.write(payload);
          const response = await closed;
          return { status: Number(response.split(" ")[1]), raw: response };
        },
      });
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${payload.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
  });
}
