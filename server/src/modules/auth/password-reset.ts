import { sql } from "kysely";
import { BadRequestError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { randomToken, sha256 } from "./crypto.js";
import { appLink } from "./links.js";
import { assertPasswordAllowed } from "./password-policy.js";
import { setPassword } from "./passwords.js";
import { revokeAllSessions } from "./sessions.js";
import {
  assertNotLocked,
  clearAccount,
  recordEvent,
  rules,
  throttleKey,
  withTokenThrottle,
} from "./throttle.js";

export const RESET_MINUTES = 30;
export const PASSWORD_RESET_JOB = "auth.password-reset";

interface ResetJobData {
  email: string;
  client: ClientInfo;
}

/**
 * Counts the request against the throttles and queues the lookup: the request does the same work whether or
 * not the address is known (no timing oracle), and the caller always answers 202.
 */
export async function requestPasswordReset(deps: AppDeps, email: string, client: ClientInfo): Promise<void> {
  const { db, jobs } = deps;
  const accountKey = throttleKey.resetAccount(email);
  const ipKey = throttleKey.resetIp(client.ip);
  await assertNotLocked(db, [accountKey, ipKey]);
  await recordEvent(db, accountKey, rules.resetAccount);
  await recordEvent(db, ipKey, rules.resetIp);
  await jobs.sendWith(db, PASSWORD_RESET_JOB, { email, client } satisfies ResetJobData);
}

export function passwordResetJob(deps: AppDeps): JobDefinition<ResetJobData> {
  return {
    name: PASSWORD_RESET_JOB,
    retryLimit: 3,
    async handler(batch) {
      for (const job of batch) await sendResetLink(deps, job.data.email, job.data.client);
    },
  };
}

/** Emails a single-use reset link when the address belongs to an active user. */
async function sendResetLink(deps: AppDeps, email: string, client: ClientInfo): Promise<void> {
  const { db, config, jobs } = deps;
  const user = await db
    .selectFrom("users")
    .select(["id", "name", "language"])
    .where("email", "=", email.trim())
    .where("is_active", "=", true)
    .executeTakeFirst();
  if (!user) return;
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("password_reset_tokens")
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        expires_at: new Date(Date.now() + RESET_MINUTES * 60_000),
      })
      .execute();
    await enqueueMail(jobs, trx, {
      to: email.trim(),
      template: "password_reset",
      language: user.language,
      vars: { name: user.name, link: appLink(config, "reset-password", token), minutes: RESET_MINUTES },
    });
    await authAudit(trx, "auth.password_reset.requested", user.id, client);
  });
}

const invalidToken = () =>
  new BadRequestError("invalid_or_expired_token", "This link is invalid or has expired; request a new one.");

/** Sets a new password with a reset token (single use) and ends every session of the user. */
export async function confirmPasswordReset(
  deps: AppDeps,
  token: string,
  newPassword: string,
  client: ClientInfo,
): Promise<void> {
  await withTokenThrottle(deps.db, client.ip, () => confirmInTransaction(deps, token, newPassword, client));
}

async function confirmInTransaction(deps: AppDeps, token: string, newPassword: string, client: ClientInfo) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("password_reset_tokens as t")
      .innerJoin("users as u", "u.id", "t.user_id")
      .select(["t.id", "u.id as user_id", "u.email", "u.is_active"])
      .where("t.token_hash", "=", sha256(token))
      .where("t.used_at", "is", null)
      .where("t.expires_at", ">", sql<Date>`now()`)
      .forUpdate("t")
      .executeTakeFirst();
    if (!row?.is_active) throw invalidToken();
    await assertPasswordAllowed(trx, { password: newPassword, email: row.email, userId: row.user_id });
    await setPassword(trx, row.user_id, newPassword);
    // Every outstanding link of the user dies with this one.
    await trx
      .updateTable("password_reset_tokens")
      .set({ used_at: sql<Date>`now()` })
      .where("user_id", "=", row.user_id)
      .where("used_at", "is", null)
      .execute();
    const revoked = await revokeAllSessions(trx, row.user_id);
    await authAudit(trx, "auth.password_reset.completed", row.user_id, client, { sessionsRevoked: revoked });
    await clearAccount(deps.db, row.email);
  });
}
