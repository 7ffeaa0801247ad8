import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../platform/config/config.js";
import { secureCookies } from "./sessions.js";

/**
 * The device cookie (OWASP "Slow brute force / device cookies"): a browser in which an account signed in
 * successfully gets `tandem_device` = nonce + HMAC(server key, email + nonce). Signing in to that account from
 * that browser is then throttled on its own counter, so guessing elsewhere — at another address or behind the
 * same NAT — does not keep its owner out. The cookie proves only that this browser once knew the password; it
 * grants nothing by itself.
 */
export const DEVICE_COOKIE = "tandem_device";
const MAX_AGE_SECONDS = 365 * 24 * 3600;

const sign = (key: Buffer, email: string, nonce: string) =>
  createHmac("sha256", key).update(`device:${email.trim().toLowerCase()}:${nonce}`).digest("base64url");

/** The nonce of a valid device cookie for this email, or null. */
export function trustedDevice(request: FastifyRequest, email: string): string | null {
  const value = request.cookies[DEVICE_COOKIE];
  const match = value ? /^([\w-]{22})\.([\w-]{43})$/.exec(value) : null;
  if (!match) return null;
  const [, nonce = "", mac = ""] = match;
  const expected = Buffer.from(sign(request.server.csrfKey, email, nonce));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

/** Marks the browser as one the account signed in from (keeps its nonce when it already was). */
export function issueDeviceCookie(
  reply: FastifyReply,
  config: Pick<Config, "PUBLIC_URL">,
  email: string,
  nonce: string | null,
): void {
  const id = nonce ?? randomBytes(16).toString("base64url");
  reply.setCookie(DEVICE_COOKIE, `${id}.${sign(reply.server.csrfKey, email, id)}`, {
    path: "/api/v1/auth",
    httpOnly: true,
    sameSite: "strict",
    secure: secureCookies(config),
    maxAge: MAX_AGE_SECONDS,
  });
}
