import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError } from "../../platform/errors.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { revokeAllSessions } from "./sessions.js";

const emailTaken = () =>
  new ConflictError("email_taken", "A user with this email already exists.", [
    { field: "email", message: "This email is taken.", code: "email_taken" },
  ]);

/** 409 `email_taken` when another user has the address (emails are case-insensitive, `citext`). */
export async function assertEmailFree(
  trx: Transaction<DB>,
  email: string,
  exceptUserId: string,
): Promise<void> {
  const other = await trx
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .where("id", "<>", exceptUserId)
    .executeTakeFirst();
  if (other) throw emailTaken();
}

/** Sets a user's email; the unique index decides a race between two changes to the same address. */
export async function setEmail(trx: Transaction<DB>, userId: string, email: string): Promise<void> {
  await assertEmailFree(trx, email, userId);
  try {
    await trx.updateTable("users").set({ email }).where("id", "=", userId).execute();
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw emailTaken();
    throw err;
  }
}

/**
 * Changes the signed-in user's email (the caller has re-authenticated): audited with before → after, and every
 * other session ends, since the address is the sign-in name and the way to reset the password.
 */
export async function changeOwnEmail(
  trx: Transaction<DB>,
  ctx: RequestContext,
  email: string,
  client: ClientInfo,
): Promise<void> {
  const userId = ctx.actor.userId;
  const before = await trx
    .selectFrom("users")
    .select("email")
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (before.email === email) return;
  await setEmail(trx, userId, email);
  const revoked = await revokeAllSessions(trx, userId, ctx.actor.sessionId);
  await authAudit(trx, "auth.email.changed", userId, client, {
    email: { before: before.email, after: email },
    sessionsRevoked: revoked,
  });
}
