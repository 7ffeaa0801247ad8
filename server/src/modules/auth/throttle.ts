import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { TooManyRequestsError } from "../../platform/errors.js";

/**
 * Brute-force counters in PostgreSQL, shared by every instance. A rule counts events for a key within a window;
 * reaching the threshold locks the key until `lockSeconds(count)` from now.
 */
export interface ThrottleRule {
  windowSeconds: number;
  threshold: number;
  lockSeconds(count: number): number;
}

const MINUTE = 60;
const HOUR = 3600;

/** After 5 failures: 1, 2, 4, … minutes, at most a day. */
const progressive = (n: number) => Math.min(MINUTE * 2 ** (n - 5), 24 * HOUR);

/**
 * Sign-in follows OWASP's advice against lockout as a denial of service: the progressive delay is per
 * (account, address), so an attacker at one address only slows themselves; a browser holding the account's
 * device cookie (it signed in before) is counted on its own and ignores the others; the account-wide limit
 * stops only guessing spread over many addresses, and only for browsers without that cookie; an address is
 * slowed (seconds), never locked for long, so an office behind one NAT keeps working.
 */
export const rules = {
  /** Per account (2FA codes, re-authentication): after 5 failures lock 1, 2, 4, … minutes, at most a day. */
  account: { windowSeconds: 24 * HOUR, threshold: 5, lockSeconds: progressive },
  /** Sign-in per (account, address), and per trusted device: the same progression. */
  pair: { windowSeconds: 24 * HOUR, threshold: 5, lockSeconds: progressive },
  /**
   * Sign-in per account from browsers without its device cookie: 20 failures within an hour (more than one
   * address can make under its own progressive delay) hold them back 1, 2, 4 … at most 15 minutes.
   */
  untrustedAccount: {
    windowSeconds: HOUR,
    threshold: 20,
    lockSeconds: (n: number) => Math.min(MINUTE * 2 ** (n - 20), 15 * MINUTE),
  },
  /** Per IP: beyond 50 failures within 15 minutes each further one costs a wait of 1 s more, at most 30 s. */
  ip: { windowSeconds: 15 * MINUTE, threshold: 50, lockSeconds: (n: number) => Math.min(n - 49, 30) },
  /** Password-reset requests per email: 5 an hour. */
  resetAccount: { windowSeconds: HOUR, threshold: 5, lockSeconds: () => HOUR },
  /** Password-reset requests per IP: 20 within 15 minutes. */
  resetIp: { windowSeconds: 15 * MINUTE, threshold: 20, lockSeconds: () => 15 * MINUTE },
  /** Invalid reset or invitation tokens per IP: 10 within 15 minutes lock the address for 15 minutes. */
  tokenIp: { windowSeconds: 15 * MINUTE, threshold: 10, lockSeconds: () => 15 * MINUTE },
} satisfies Record<string, ThrottleRule>;

export const throttleKey = {
  loginAccount: (email: string) => `login:account:${email.trim().toLowerCase()}`,
  loginPair: (email: string, ip: string | null) =>
    `login:pair:${email.trim().toLowerCase()}:${ip ?? "unknown"}`,
  loginDevice: (deviceId: string) => `login:device:${deviceId}`,
  loginIp: (ip: string | null) => `login:ip:${ip ?? "unknown"}`,
  twoFactorAccount: (userId: string) => `2fa:account:${userId}`,
  twoFactorIp: (ip: string | null) => `2fa:ip:${ip ?? "unknown"}`,
  resetAccount: (email: string) => `reset:account:${email.trim().toLowerCase()}`,
  resetIp: (ip: string | null) => `reset:ip:${ip ?? "unknown"}`,
  tokenIp: (ip: string | null) => `token:ip:${ip ?? "unknown"}`,
};

/**
 * Runs a step that redeems an emailed token (password reset, invitation) under the per-IP token throttle:
 * 429 while the address is locked, and every `invalid_or_expired_token` answer counts against it.
 */
export async function withTokenThrottle<T>(
  db: Database,
  ip: string | null,
  step: () => Promise<T>,
): Promise<T> {
  const key = throttleKey.tokenIp(ip);
  await assertNotLocked(db, [key]);
  try {
    return await step();
  } catch (err) {
    if ((err as { code?: unknown }).code === "invalid_or_expired_token")
      await recordEvent(db, key, rules.tokenIp);
    throw err;
  }
}

/** Throws 429 (with Retry-After) when any of the keys is locked. */
export async function assertNotLocked(db: Database, keys: string[]): Promise<void> {
  const row = await db
    .selectFrom("auth_throttle")
    .select(sql<number>`ceil(extract(epoch from max(locked_until) - now()))::int`.as("wait"))
    .where("key", "in", keys)
    .where("locked_until", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (row?.wait && row.wait > 0) throw new TooManyRequestsError(row.wait);
}

/** Counts one event for the key; returns the lock in seconds it caused (0 = none). */
export async function recordEvent(db: Database, key: string, rule: ThrottleRule): Promise<number> {
  const window = rule.windowSeconds;
  const row = await sql<{ failures: number }>`
    INSERT INTO auth_throttle (key, failures, window_started_at, updated_at)
    VALUES (${key}, 1, now(), now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN auth_throttle.window_started_at < now() - make_interval(secs => ${window})
                      THEN 1 ELSE auth_throttle.failures + 1 END,
      window_started_at = CASE WHEN auth_throttle.window_started_at < now() - make_interval(secs => ${window})
                      THEN now() ELSE auth_throttle.window_started_at END,
      updated_at = now()
    RETURNING failures`.execute(db);
  const failures = row.rows[0]?.failures ?? 1;
  if (failures < rule.threshold) return 0;
  const lock = rule.lockSeconds(failures);
  await db
    .updateTable("auth_throttle")
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${lock})` })
    .where("key", "=", key)
    .execute();
  return lock;
}

/** Forgets the counter (after a successful sign-in for that account). */
export async function clearKey(db: Database, key: string): Promise<void> {
  await db.deleteFrom("auth_throttle").where("key", "=", key).execute();
}

/** Forgets every sign-in counter of an account (after a password reset). */
export async function clearAccount(db: Database, email: string): Promise<void> {
  const pairs = `${throttleKey.loginPair(email, "").replace(/[\\%_]/g, "\\$&")}%`;
  await db
    .deleteFrom("auth_throttle")
    .where((eb) => eb.or([eb("key", "=", throttleKey.loginAccount(email)), eb("key", "like", pairs)]))
    .execute();
}

/** Removes counters nobody has touched for a day (nightly). */
export async function pruneThrottle(db: Database): Promise<void> {
  await db
    .deleteFrom("auth_throttle")
    .where("updated_at", "<", sql<Date>`now() - interval '1 day'`)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", sql<Date>`now()`)]))
    .execute();
}
