import { sql } from "kysely";
import { UnauthorizedError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { passwordExpired } from "./authenticator.js";
import { getPasswordPolicy } from "./password-policy.js";
import { verifyPassword } from "./passwords.js";
import { createSession, revokeSession } from "./sessions.js";
import { assertNotLocked, clearKey, recordEvent, rules, type ThrottleRule, throttleKey } from "./throttle.js";
import { verifySecondFactor } from "./two-factor.js";

export type LoginStatus = "ok" | "twoFactorRequired" | "passwordChangeRequired";

export interface LoginResult {
  status: LoginStatus;
  userId: string;
  cookieValue: string;
}

/** How long a half-authenticated session waits for its second factor. */
const TWO_FACTOR_PENDING_MINUTES = 10;

const invalidCredentials = () =>
  new UnauthorizedError("invalid_credentials", "The email or password is incorrect.");

/**
 * The counters a sign-in attempt is checked and charged against (see `rules` in throttle.ts): a browser with
 * the account's device cookie only its own; any other the (account, address) pair, the account's limit for
 * untrusted browsers and the address's slow-down.
 */
function loginKeys(
  email: string,
  ip: string | null,
  device: string | null,
): { check: string[]; charge: [string, ThrottleRule][] } {
  if (device) {
    const key = throttleKey.loginDevice(device);
    return { check: [key], charge: [[key, rules.pair]] };
  }
  const pair = throttleKey.loginPair(email, ip);
  const account = throttleKey.loginAccount(email);
  const address = throttleKey.loginIp(ip);
  return {
    check: [pair, account, address],
    charge: [
      [pair, rules.pair],
      [account, rules.untrustedAccount],
      [address, rules.ip],
    ],
  };
}

/**
 * Checks email + password and opens a new session (a fresh id every time: any session the client already had is
 * revoked, so a planted cookie cannot be promoted). Unknown emails, wrong passwords and deactivated users get the
 * same answer after the same amount of hashing work. `device` is the nonce of a valid device cookie for this
 * email (device.ts).
 */
export async function login(
  deps: AppDeps,
  input: { email: string; password: string },
  client: ClientInfo,
  previousSessionId: string | null,
  device: string | null = null,
): Promise<LoginResult> {
  const { db, config } = deps;
  const keys = loginKeys(input.email, client.ip, device);
  await assertNotLocked(db, keys.check);
  const user = await db
    .selectFrom("users")
    .select([
      "id",
      "password_hash",
      "is_active",
      "two_factor_enabled",
      "must_change_password",
      "password_changed_at",
    ])
    .where("email", "=", input.email.trim())
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  if (!user || !passwordOk || !user.is_active) {
    for (const [key, rule] of keys.charge) await recordEvent(db, key, rule);
    await authAudit(db, "auth.login.failed", user?.id ?? null, client, {
      email: input.email.trim().toLowerCase(),
      reason: !user ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive",
      trustedDevice: device !== null,
    });
    throw invalidCredentials();
  }
  // The address's slow-down stays: another account's success there says nothing about the guessing.
  for (const [key, rule] of keys.charge) if (rule !== rules.ip) await clearKey(db, key);
  const policy = await getPasswordPolicy(db);
  return db.transaction().execute(async (trx) => {
    if (previousSessionId) await revokeSession(trx, previousSessionId);
    const session = await createSession(trx, config, {
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
      twoFactorPending: user.two_factor_enabled,
    });
    await authAudit(trx, "auth.login.succeeded", user.id, client, {
      twoFactorPending: user.two_factor_enabled,
    });
    const status: LoginStatus = user.two_factor_enabled
      ? "twoFactorRequired"
      : user.must_change_password || passwordExpired(user, policy)
        ? "passwordChangeRequired"
        : "ok";
    return { status, userId: user.id, cookieValue: session.cookieValue };
  });
}

/**
 * Completes a half-authenticated session with a TOTP or recovery code. The pending session is replaced by a
 * new one, so the cookie that was issued before the second factor never becomes a full session.
 */
export async function completeTwoFactor(
  deps: AppDeps,
  pendingSessionId: string | null,
  code: string,
  client: ClientInfo,
): Promise<{ userId: string; cookieValue: string }> {
  const { db, config } = deps;
  const pending = pendingSessionId
    ? await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select(["users.id", "users.totp_secret", "users.is_active"])
        .where("sessions.id", "=", pendingSessionId)
        .where("sessions.two_factor_pending", "=", true)
        .where("sessions.revoked_at", "is", null)
        .where(
          "sessions.created_at",
          ">",
          sql<Date>`now() - make_interval(mins => ${TWO_FACTOR_PENDING_MINUTES})`,
        )
        .executeTakeFirst()
    : undefined;
  if (!pending?.is_active || !pendingSessionId) {
    throw new UnauthorizedError("two_factor_session_expired", "Sign in again with your email and password.");
  }
  const accountKey = throttleKey.twoFactorAccount(pending.id);
  const ipKey = throttleKey.twoFactorIp(client.ip);
  await assertNotLocked(db, [accountKey, ipKey]);
  const method = await verifySecondFactor(db, pending, code, { preventReplay: true });
  if (!method) {
    await recordEvent(db, accountKey, rules.account);
    await recordEvent(db, ipKey, rules.ip);
    await authAudit(db, "auth.2fa.failed", pending.id, client);
    throw new UnauthorizedError("invalid_code", "The code is not valid.");
  }
  await clearKey(db, accountKey);
  return db.transaction().execute(async (trx) => {
    await revokeSession(trx, pendingSessionId);
    const session = await createSession(trx, config, {
      userId: pending.id,
      ip: client.ip,
      userAgent: client.userAgent,
      twoFactorPending: false,
    });
    await authAudit(trx, "auth.2fa.succeeded", pending.id, client, { method });
    return { userId: pending.id, cookieValue: session.cookieValue };
  });
}
