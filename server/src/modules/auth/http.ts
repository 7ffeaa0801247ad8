import type { FastifyReply, FastifyRequest } from "fastify";
import { issueCsrfCookie } from "../../platform/http/csrf.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { ClientInfo } from "./audit.js";
import { sha256 } from "./crypto.js";
import { secureCookies, setSessionCookie } from "./sessions.js";

export function clientInfo(request: FastifyRequest): ClientInfo {
  return { ip: request.ip ?? null, userAgent: request.headers["user-agent"] ?? null, requestId: request.id };
}

/** Sets the session cookie and its CSRF cookie (bound to the new session: a new session never inherits a token). */
export function startBrowserSession(reply: FastifyReply, deps: AppDeps, cookieValue: string): void {
  setSessionCookie(reply, deps.config, cookieValue);
  issueCsrfCookie(reply, secureCookies(deps.config), sha256(cookieValue));
}
