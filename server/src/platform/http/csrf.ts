import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../db/database.js";
import { ForbiddenError } from "../errors.js";

export const CSRF_COOKIE = "tandem_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SECRET_SETTING = "csrf_secret";

declare module "fastify" {
  interface FastifyInstance {
    /** Key of the session-bound CSRF tokens (shared by every instance through `app_settings`). */
    csrfKey: Buffer;
  }
}

/**
 * The server secret the CSRF tokens (and device cookies) are derived with: created once in `app_settings` (the
 * first instance writes it, the others read the same row), so any instance can check a token another issued.
 * Read on the first API request, so building the app (e.g. to dump the OpenAPI document) needs no database and
 * the health probes and static pages answer while the database is down.
 */
export function registerServerKey(app: FastifyInstance, db: Database): void {
  app.decorate("csrfKey", null as unknown as Buffer);
  let loading: Promise<Buffer> | null = null;
  // Callback style: once the key is loaded, a request passes without a promise.
  app.addHook("onRequest", (request, _reply, done) => {
    if (app.csrfKey || !request.url.startsWith("/api/")) return done();
    loading ??= loadCsrfKey(db).finally(() => {
      loading = null;
    });
    return loading.then((key) => {
      app.csrfKey = key;
    });
  });
}

export async function loadCsrfKey(db: Database): Promise<Buffer> {
  await db
    .insertInto("app_settings")
    .values({ key: SECRET_SETTING, value: JSON.stringify(randomBytes(32).toString("base64url")) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", SECRET_SETTING)
    .executeTakeFirstOrThrow();
  return Buffer.from(String(row.value), "base64url");
}

/** The session's token: an HMAC of its id, so a token planted from elsewhere never matches. */
export function csrfToken(key: Buffer, sessionId: string): string {
  return createHmac("sha256", key).update(`csrf:${sessionId}`).digest("base64url");
}

/** Sets the readable cookie the web client echoes in `X-CSRF-Token`; `sessionId` is the stored session id. */
export function issueCsrfCookie(reply: FastifyReply, secure: boolean, sessionId: string): string {
  const token = csrfToken(reply.server.csrfKey, sessionId);
  reply.setCookie(CSRF_COOKIE, token, { path: "/", sameSite: "lax", secure, httpOnly: false });
  return token;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must carry the token of their own session in the header (bearer-token requests
 * are not exposed to CSRF). The cookie only tells the web client the value; it is not trusted.
 */
export function assertCsrf(request: FastifyRequest, sessionId: string | null | undefined): void {
  if (safeMethods.has(request.method)) return;
  const header = request.headers[CSRF_HEADER];
  const value = Buffer.from((Array.isArray(header) ? header[0] : header) ?? "");
  const expected = sessionId ? Buffer.from(csrfToken(request.server.csrfKey, sessionId)) : null;
  if (!expected || value.length !== expected.length || !timingSafeEqual(value, expected)) {
    throw new ForbiddenError("csrf_failed", "Missing or invalid CSRF token; reload the page.");
  }
}
