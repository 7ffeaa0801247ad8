import { verify } from "@node-rs/argon2";
import { sql, type Transaction } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { hashPassword } from "../identity/module.js";

type Db = Database | Transaction<DB>;

const HISTORY_KEEP = 24;

// Verified against when the email is unknown, so both cases cost one argon2 verification.
let dummyHash: Promise<string> | null = null;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("tandem-dummy-password-for-timing");
  return dummyHash;
}

/** Checks a password against a stored hash; with no hash it still spends the same time and returns false. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    await verify(await getDummyHash(), password).catch(() => false);
    return false;
  }
  return verify(hash, password).catch(() => false);
}

/** Replaces the user's password, keeping the old hash in the history the reuse rule reads. */
export async function setPassword(
  db: Db,
  userId: string,
  newPassword: string,
  opts: { mustChange?: boolean } = {},
): Promise<void> {
  const current = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  if (current.password_hash) {
    await db
      .insertInto("password_history")
      .values({ user_id: userId, password_hash: current.password_hash })
      .execute();
    await db
      .deleteFrom("password_history")
      .where("user_id", "=", userId)
      .where(
        "id",
        "not in",
        db
          .selectFrom("password_history")
          .select("id")
          .where("user_id", "=", userId)
          .orderBy("id", "desc")
          .limit(HISTORY_KEEP),
      )
      .execute();
  }
  await db
    .updateTable("users")
    .set({
      password_hash: await hashPassword(newPassword),
      password_changed_at: sql<Date>`now()`,
      must_change_password: opts.mustChange ?? false,
    })
    .where("id", "=", userId)
    .execute();
}
