import type { FastifyReply, FastifyRequest } from "fastify";
import { sql, type Transaction } from "kysely";
import type { Config } from "../../platform/config/config.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { randomToken, sha256 } from "./crypto.js";

export const SESSION_COOKIE = "tandem_session";

type Db = Database | Transaction<DB>;

export function secureCookies(config: Pick<Config, "PUBLIC_URL">): boolean {
  return config.PUBLIC_URL?.startsWith("https:") ?? false;
}

export function sessionIdFromCookie(value: string | undefined): string | null {
  if (!value || !/^[\w-]{43}$/.test(value)) return null;
  return sha256(value);
}

export function readSessionId(request: FastifyRequest): string | null {
  return sessionIdFromCookie(request.cookies[SESSION_COOKIE]);
}

export interface NewSession {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  twoFactorPending: boolean;
}

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(
  db: Db,
  config: Pick<Config, "SESSION_MAX_HOURS">,
  s: NewSession,
): Promise<{ id: string; cookieValue: string }> {
  const cookieValue = randomToken();
  const id = sha256(cookieValue);
  await db
    .insertInto("sessions")
    .values({
      id,
      user_id: s.userId,
      expires_at: new Date(Date.now() + config.SESSION_MAX_HOURS * 3600_000),
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 500) ?? null,
      two_factor_pending: s.twoFactorPending,
    })
    .execute();
  return { id, cookieValue };
}

export function setSessionCookie(reply: FastifyReply, config: Config, cookieValue: string): void {
  reply.setCookie(SESSION_COOKIE, cookieValue, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(config),
    maxAge: config.SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(config),
  });
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

/**
 * Ends every session of a user (deactivation, password reset, "log out everywhere"), except `keep` when given
 * (the session that changed its own password). Returns how many were revoked.
 */
export async function revokeAllSessions(db: Db, userId: string, keep?: string | null): Promise<number> {
  let q = db
    .updateTable("sessions")
    .set({ revoked_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (keep) q = q.where("id", "<>", keep);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The user's live sessions, newest first. */
export async function listSessions(db: Db, userId: string, config: Pick<Config, "SESSION_IDLE_MINUTES">) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "expires_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("two_factor_pending", "=", false)
    .where("expires_at", ">", sql<Date>`now()`)
    .where("last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${config.SESSION_IDLE_MINUTES})`)
    .orderBy("last_seen_at", "desc")
    .execute();
}
