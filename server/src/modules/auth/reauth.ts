import type { Database } from "../../platform/db/database.js";
import { ValidationError } from "../../platform/errors.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { verifyPassword } from "./passwords.js";
import { assertNotLocked, clearKey, recordEvent, rules } from "./throttle.js";

/**
 * Re-authentication before sensitive changes (password, 2FA): the current password, with the same lockout as
 * sign-in so a stolen session cannot be used to guess it.
 */
export async function assertReauth(
  db: Database,
  userId: string,
  password: string,
  field: string,
  client: ClientInfo,
): Promise<void> {
  const key = `reauth:${userId}`;
  await assertNotLocked(db, [key]);
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!(await verifyPassword(user?.password_hash, password))) {
    await recordEvent(db, key, rules.account);
    await authAudit(db, "auth.reauth.failed", userId, client);
    throw ValidationError.field(field, "The password is incorrect.", "invalid_password");
  }
  await clearKey(db, key);
}
