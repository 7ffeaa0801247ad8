import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { assertPasswordAllowed } from "./password-policy.js";
import { setPassword } from "./passwords.js";
import { revokeAllSessions } from "./sessions.js";

export interface ProfilePatch {
  name?: string | undefined;
  language?: "en" | "ru" | "sr" | "sr-Latn" | "kk" | undefined;
  timeZone?: string | undefined;
  phone?: string | null | undefined;
  position?: string | null | undefined;
  notifyByEmail?: boolean | undefined;
}

/** Updates the signed-in user's own profile fields. */
export async function updateProfile(
  trx: Transaction<DB>,
  ctx: RequestContext,
  patch: ProfilePatch,
): Promise<void> {
  const userId = ctx.actor.userId;
  const before = await trx
    .selectFrom("users")
    .select(["name", "language", "time_zone", "phone", "position", "notify_by_email"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const after = {
    name: patch.name ?? before.name,
    language: patch.language ?? before.language,
    time_zone: patch.timeZone ?? before.time_zone,
    phone: patch.phone === undefined ? before.phone : patch.phone || null,
    position: patch.position === undefined ? before.position : patch.position || null,
    notify_by_email: patch.notifyByEmail ?? before.notify_by_email,
  };
  const apiKeys = (u: typeof after) => ({
    name: u.name,
    language: u.language,
    timeZone: u.time_zone,
    phone: u.phone,
    position: u.position,
    notifyByEmail: u.notify_by_email,
  });
  const changes = diff(apiKeys(before), apiKeys(after));
  if (Object.keys(changes).length === 0) return;
  await trx.updateTable("users").set(after).where("id", "=", userId).execute();
  await recordChange(
    trx,
    { actorId: userId, requestId: ctx.requestId },
    {
      entity: "users",
      entityId: userId,
      action: "update",
      changes,
    },
  );
}

/**
 * Changes the signed-in user's password (the caller has re-authenticated). The current session stays; every
 * other session of the user ends.
 */
export async function changeOwnPassword(
  trx: Transaction<DB>,
  ctx: RequestContext,
  newPassword: string,
  client: ClientInfo,
): Promise<void> {
  const userId = ctx.actor.userId;
  const user = await trx
    .selectFrom("users")
    .select(["email", "name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  await assertPasswordAllowed(trx, { password: newPassword, email: user.email, userId, names: [user.name] });
  await setPassword(trx, userId, newPassword);
  const revoked = await revokeAllSessions(trx, userId, ctx.actor.sessionId);
  await authAudit(trx, "auth.password.changed", userId, client, { sessionsRevoked: revoked });
}
