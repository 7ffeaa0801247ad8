import { verify } from "@node-rs/argon2";
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, ValidationError } from "../../platform/errors.js";
import { isCommonPassword } from "./common-passwords.js";
import { weakPassword } from "./password-strength.js";

type Db = Database | Transaction<DB>;

export const POLICY_KEY = "password_policy";

export const passwordPolicySchema = z.strictObject({
  minLength: z.number().int().min(8).max(128),
  /** Days until a password must be changed; 0 = never. */
  maxAgeDays: z.number().int().min(0).max(3650),
  /** How many previous passwords may not be reused. */
  historySize: z.number().int().min(0).max(24),
  requireTwoFactorForAll: z.boolean(),
  /**
   * Least zxcvbn strength score a new password needs (0 = no estimate, 4 = strongest); 3 by default. A policy
   * saved without it keeps the default.
   */
  minStrength: z.number().int().min(0).max(4).default(3),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const DEFAULT_POLICY: PasswordPolicy = {
  minLength: 12,
  maxAgeDays: 0,
  historySize: 5,
  requireTwoFactorForAll: false,
  minStrength: 3,
};

/** Stored values merged over the defaults, so a policy saved by an older version still parses. */
export function parsePolicy(stored: unknown): PasswordPolicy {
  const merged = { ...DEFAULT_POLICY, ...(typeof stored === "object" && stored ? stored : {}) };
  const parsed = passwordPolicySchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

export async function getPasswordPolicy(db: Db): Promise<PasswordPolicy> {
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", POLICY_KEY)
    .executeTakeFirst();
  return parsePolicy(row?.value);
}

export async function savePasswordPolicy(db: Db, policy: PasswordPolicy): Promise<void> {
  await db
    .insertInto("app_settings")
    .values({ key: POLICY_KEY, value: JSON.stringify(policy) })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({ value: JSON.stringify(policy), updated_at: sql`now()` }),
    )
    .execute();
}

export interface PasswordCheck {
  password: string;
  email: string;
  /** The user whose history applies; null for a new user. */
  userId: string | null;
  /** The field name errors are reported under. */
  field?: string;
  /** The person's name and the like: a password built from them is weak. */
  names?: string[];
}

/** Throws a 422 with per-field codes when the password breaks the policy. */
export async function assertPasswordAllowed(db: Db, check: PasswordCheck): Promise<void> {
  const policy = await getPasswordPolicy(db);
  const field = check.field ?? "newPassword";
  const errors: FieldError[] = [];
  const { password } = check;
  if ([...password].length < policy.minLength) {
    errors.push({
      field,
      code: "password_too_short",
      message: `Use at least ${policy.minLength} characters.`,
    });
  }
  if (isCommonPassword(password)) {
    errors.push({ field, code: "password_common", message: "This password is too common; choose another." });
  }
  const local = check.email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 3 && password.toLowerCase().includes(local)) {
    errors.push({
      field,
      code: "password_contains_email",
      message: "The password must not contain your email name.",
    });
  }
  if (errors.length === 0) {
    const inputs = [check.email, local, ...(check.names ?? []).flatMap((n) => n.split(/[\s.,_-]+/))];
    const weak = await weakPassword(
      password,
      policy.minStrength,
      inputs.filter((w) => w.length >= 3),
    );
    if (weak) errors.push({ field, code: weak.code, message: weak.message });
  }
  if (
    errors.length === 0 &&
    check.userId &&
    (await isReused(db, check.userId, password, policy.historySize))
  ) {
    errors.push({
      field,
      code: "password_reused",
      message: `Choose a password you have not used for your last ${policy.historySize} changes.`,
    });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

async function isReused(db: Db, userId: string, password: string, historySize: number): Promise<boolean> {
  if (historySize === 0) return false;
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  const previous = await db
    .selectFrom("password_history")
    .select("password_hash")
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(historySize)
    .execute();
  const hashes = [user?.password_hash, ...previous.map((p) => p.password_hash)].filter(
    (h): h is string => !!h,
  );
  for (const h of hashes.slice(0, historySize)) {
    if (await verify(h, password)) return true;
  }
  return false;
}
