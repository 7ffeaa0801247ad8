import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError } from "../errors.js";

export const CSRF_COOKIE = "tandem_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** Double-submit token: a readable cookie the web client echoes in a header on every write. */
export function issueCsrfCookie(reply: FastifyReply, secure: boolean): string {
  const token = randomBytes(24).toString("base64url");
  reply.setCookie(CSRF_COOKIE, token, { path: "/", sameSite: "lax", secure, httpOnly: false });
  return token;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must carry the CSRF header (bearer-token requests are not exposed to CSRF). */
export function assertCsrf(request: FastifyRequest): void {
  if (safeMethods.has(request.method)) return;
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (!cookie || !value || cookie.length !== value.length) {
    throw new ForbiddenError("csrf_failed", "Missing or invalid CSRF token; reload the page.");
  }
  if (!timingSafeEqual(Buffer.from(cookie), Buffer.from(value))) {
    throw new ForbiddenError("csrf_failed", "Missing or invalid CSRF token; reload the page.");
  }
}
