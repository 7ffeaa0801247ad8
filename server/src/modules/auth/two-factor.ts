import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { authenticator } from "otplib";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, ValidationError } from "../../platform/errors.js";
import { safeEqual, sha256 } from "./crypto.js";

type Db = Database | Transaction<DB>;

export const ISSUER = "Tandem CRM";
/** One step (30 s) of clock drift either way. */
const totp = authenticator.clone({ window: 1 });

export function generateTotp(secret: string): string {
  return totp.generate(secret);
}

/** Creates (or replaces) the pending secret; it becomes active only after a correct code (enable). */
export async function startSetup(db: Db, user: { id: string; email: string; two_factor_enabled: boolean }) {
  if (user.two_factor_enabled) {
    throw new ConflictError("two_factor_already_enabled", "Two-factor authentication is already enabled.");
  }
  const secret = totp.generateSecret(20);
  await db
    .insertInto("two_factor_pending")
    .values({ user_id: user.id, secret })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ secret, created_at: sql`now()` }))
    .execute();
  return { secret, otpauthUrl: totp.keyuri(user.email, ISSUER, secret) };
}

/** Confirms the pending secret with a code and returns 10 single-use recovery codes (stored hashed). */
export async function enableTwoFactor(db: Db, userId: string, code: string): Promise<string[]> {
  const pending = await db
    .selectFrom("two_factor_pending")
    .select("secret")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!pending) {
    throw new ConflictError(
      "two_factor_not_started",
      "Start the set-up first (POST /api/v1/auth/2fa/setup).",
    );
  }
  const delta = totp.checkDelta(code.replace(/\s/g, ""), pending.secret);
  if (delta === null) {
    throw ValidationError.field(
      "code",
      "The code is not valid; check the time on your phone.",
      "invalid_code",
    );
  }
  // The code that enabled 2FA is spent: sign-in accepts only codes of later time steps.
  const step = String(Math.floor(Date.now() / 1000 / (totp.options.step ?? 30)) + delta);
  await db
    .insertInto("two_factor_last_step")
    .values({ user_id: userId, step })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({ step: sql`greatest(two_factor_last_step.step, excluded.step)` }),
    )
    .execute();
  await db
    .updateTable("users")
    .set({ totp_secret: pending.secret, two_factor_enabled: true })
    .where("id", "=", userId)
    .execute();
  await db.deleteFrom("two_factor_pending").where("user_id", "=", userId).execute();
  return replaceRecoveryCodes(db, userId);
}

export async function disableTwoFactor(db: Db, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ totp_secret: null, two_factor_enabled: false })
    .where("id", "=", userId)
    .execute();
  await db.deleteFrom("two_factor_recovery_codes").where("user_id", "=", userId).execute();
  await db.deleteFrom("two_factor_pending").where("user_id", "=", userId).execute();
}

function hashRecoveryCode(code: string, salt = randomBytes(16).toString("hex")): string {
  return `${salt}:${sha256(`${salt}:${normalizeRecoveryCode(code)}`)}`;
}

function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  await db.deleteFrom("two_factor_recovery_codes").where("user_id", "=", userId).execute();
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes = Array.from({ length: 10 }, () => {
    const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await db
    .insertInto("two_factor_recovery_codes")
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) })))
    .execute();
  return codes;
}

/**
 * Checks a TOTP code or consumes a recovery code. Returns how the user proved it, or null. With
 * `preventReplay` (sign-in), a TOTP code is accepted only for a time step later than the last one accepted.
 */
export async function verifySecondFactor(
  db: Db,
  user: { id: string; totp_secret: string | null },
  code: string,
  opts: { preventReplay?: boolean } = {},
): Promise<"totp" | "recovery_code" | null> {
  const compact = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(compact)) {
    const delta = user.totp_secret ? totp.checkDelta(compact, user.totp_secret) : null;
    if (delta === null) return null;
    if (!opts.preventReplay) return "totp";
    const step = Math.floor(Date.now() / 1000 / (totp.options.step ?? 30)) + delta;
    // Atomic compare-and-set: the update happens only for a newer step, so a replayed code returns no row.
    const accepted = await db
      .insertInto("two_factor_last_step")
      .values({ user_id: user.id, step: String(step) })
      .onConflict((oc) =>
        oc
          .column("user_id")
          .doUpdateSet({ step: String(step) })
          .where("two_factor_last_step.step", "<", String(step)),
      )
      .returning("user_id")
      .executeTakeFirst();
    return accepted ? "totp" : null;
  }
  const unused = await db
    .selectFrom("two_factor_recovery_codes")
    .select(["id", "code_hash"])
    .where("user_id", "=", user.id)
    .where("used_at", "is", null)
    .execute();
  const hit = unused.find((r) => {
    const salt = r.code_hash.split(":")[0] ?? "";
    return safeEqual(hashRecoveryCode(compact, salt), r.code_hash);
  });
  if (!hit) return null;
  // The used_at guard makes a code single-use even under concurrent attempts.
  const used = await db
    .updateTable("two_factor_recovery_codes")
    .set({ used_at: sql<Date>`now()` })
    .where("id", "=", hit.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? "recovery_code" : null;
}
