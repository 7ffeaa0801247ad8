#!/usr/bin/env node
// A throw-away stand-in for the Tandem server, for UI work while the real one is being built.
// Serves web/dist (with SPA fallback) and an in-memory version of the auth contract.
//   PORT=3000 node scripts/mock-api.mjs     (then `npm run dev` proxies /api to it, or open it directly)
// Sign in as admin@example.com / $ADMIN_PASSWORD (default "Admin-password-1"); MOCK_2FA=1 adds a TOTP step (code 123456).
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const port = Number(process.env.PORT ?? 3000);
const password = { current: process.env.ADMIN_PASSWORD ?? "Admin-password-1" };
const user = {
  id: "00000000-0000-4000-8000-000000000001",
  email: process.env.ADMIN_EMAIL ?? "admin@example.com",
  name: "Admin",
  phone: null,
  language: "en",
  timeZone: "UTC",
  notifyByEmail: true,
  mustChangePassword: process.env.MOCK_MUST_CHANGE === "1",
  twoFactorEnabled: process.env.MOCK_2FA === "1",
  twoFactorSetupRequired: false,
  isAdmin: true,
  permissions: { companies: { read: "all", write: "all" }, deals: { read: "all", write: "all" } },
  fieldRules: {},
  adminPermissions: [],
  team: null,
  role: { id: "00000000-0000-4000-8000-0000000000aa", name: "Administrator", key: "admin" },
};
const sessions = new Map(); // id -> "full" | "pending2fa"
const types = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

const cookies = (req) =>
  Object.fromEntries((req.headers.cookie ?? "").split(";").map((c) => c.trim().split("=")));
const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};
const problem = (res, status, code, extra = {}) =>
  send(
    res,
    status,
    { type: "about:blank", title: code, status, code, ...extra },
    { "Content-Type": "application/problem+json" },
  );
const readBody = (req) =>
  new Promise((resolve) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data ? JSON.parse(data) : {}));
  });

function serveStatic(req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(
    /^(\.\.[/\\])+/,
    "",
  );
  let file = join(dist, path);
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, "index.html");
  if (!existsSync(file)) return send(res, 503, { error: "web/dist missing: run npm run build -w web" });
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}

async function api(req, res, path) {
  const jar = cookies(req);
  const session = sessions.get(jar.tandem_session);
  const setCookies = [];
  if (!jar.tandem_csrf) setCookies.push(`tandem_csrf=${randomUUID()}; Path=/; SameSite=Lax`);
  if (setCookies.length) res.setHeader("Set-Cookie", setCookies);
  if (req.method !== "GET" && req.headers["x-csrf-token"] !== jar.tandem_csrf)
    return problem(res, 403, "csrf_failed");
  const body = req.method === "GET" ? {} : await readBody(req);
  const startSession = (state) => {
    const id = randomUUID();
    sessions.set(id, state);
    res.setHeader("Set-Cookie", [...setCookies, `tandem_session=${id}; Path=/; HttpOnly; SameSite=Lax`]);
  };
  const key = `${req.method} ${path}`;
  if (key === "POST /api/v1/auth/login") {
    if (body.email !== user.email || body.password !== password.current)
      return problem(res, 401, "invalid_credentials", { detail: "Invalid email or password" });
    if (user.twoFactorEnabled) {
      startSession("pending2fa");
      return send(res, 200, { status: "twoFactorRequired" });
    }
    startSession("full");
    return send(
      res,
      200,
      user.mustChangePassword ? { status: "passwordChangeRequired", user } : { status: "ok", user },
    );
  }
  if (key === "POST /api/v1/auth/2fa") {
    if (session !== "pending2fa") return problem(res, 401, "unauthorized");
    if (body.code !== "123456") return problem(res, 401, "invalid_code");
    sessions.set(jar.tandem_session, "full");
    return send(res, 200, { status: "ok", user });
  }
  if (key === "POST /api/v1/auth/password-reset/request") return send(res, 202, undefined);
  if (key === "POST /api/v1/auth/password-reset/confirm") return send(res, 204, undefined);
  if (key === "POST /api/v1/invitations/accept") {
    startSession("full");
    return send(res, 200, { status: "ok", user });
  }
  if (session !== "full") return problem(res, 401, "unauthorized");
  if (key === "GET /api/v1/me") return send(res, 200, user);
  if (key === "PATCH /api/v1/me") return send(res, 200, Object.assign(user, body));
  if (key === "POST /api/v1/auth/logout") {
    sessions.delete(jar.tandem_session);
    return send(res, 204, undefined);
  }
  if (key === "POST /api/v1/auth/change-password") {
    if (body.currentPassword !== password.current)
      return problem(res, 422, "validation_failed", {
        errors: [{ field: "currentPassword", message: "Wrong password", code: "invalid_credentials" }],
      });
    password.current = body.newPassword;
    user.mustChangePassword = false;
    return send(res, 204, undefined);
  }
  if (key === "GET /api/v1/search") {
    const q = new URL(req.url, "http://x").searchParams.get("q") ?? "";
    return send(res, 200, {
      groups: [
        {
          type: "company",
          items: [
            { id: "c1", name: `Acme ${q}` },
            { id: "c2", name: `${q} Holdings` },
          ],
        },
        { type: "contact", items: [{ id: "p1", name: `Ann ${q}`, email: "ann@example.com" }] },
      ],
    });
  }
  if (key === "GET /api/v1/notifications/stream") {
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    });
    res.write(": connected\n\n");
    const timer = setTimeout(
      () => res.write(`data: ${JSON.stringify({ id: "n1", title: "Welcome to Tandem" })}\n\n`),
      1500,
    );
    req.on("close", () => clearTimeout(timer));
    return undefined;
  }
  return problem(res, 404, "not_found");
}

createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/healthz" || path === "/readyz") return send(res, 200, { status: "ok" });
  if (path.startsWith("/api/"))
    return void api(req, res, path).catch((error) =>
      problem(res, 500, "server_error", { detail: String(error) }),
    );
  return serveStatic(req, res);
}).listen(port, () => console.log(`mock Tandem API on http://localhost:${port}`));
