import { sql, type Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { AppDeps } from "../../platform/http/types.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { hashPassword } from "../identity/module.js";
import { authAudit, type ClientInfo } from "./audit.js";
import { randomToken, sha256 } from "./crypto.js";
import { appLink } from "./links.js";
import { assertPasswordAllowed } from "./password-policy.js";

export const INVITATION_DAYS = 7;

export interface NewInvitation {
  email: string;
  name: string;
  roleId: string;
  teamId?: string | null | undefined;
}

const emailTaken = () => new ConflictError("email_taken", "A user with this email already exists.");

export async function createInvitation(
  trx: Transaction<DB>,
  deps: AppDeps,
  ctx: RequestContext,
  input: NewInvitation,
) {
  const email = input.email.trim();
  if (await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())
    throw emailTaken();
  const role = await trx.selectFrom("roles").select("id").where("id", "=", input.roleId).executeTakeFirst();
  if (!role) throw ValidationError.field("roleId", "No such role.", "not_found");
  if (input.teamId) {
    const team = await trx.selectFrom("teams").select("id").where("id", "=", input.teamId).executeTakeFirst();
    if (!team) throw ValidationError.field("teamId", "No such team.", "not_found");
  }
  // A new invitation replaces any pending one for the same address.
  await trx
    .updateTable("invitations")
    .set({ revoked_at: sql<Date>`now()` })
    .where("email", "=", email)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  const token = randomToken();
  const row = await trx
    .insertInto("invitations")
    .values({
      email,
      name: input.name,
      role_id: input.roleId,
      team_id: input.teamId ?? null,
      token_hash: sha256(token),
      invited_by: ctx.actor.userId,
      expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const inviter = await trx
    .selectFrom("users")
    .select("language")
    .where("id", "=", ctx.actor.userId)
    .executeTakeFirst();
  await enqueueMail(deps.jobs, trx, {
    to: email,
    template: "invitation",
    language: inviter?.language ?? "en",
    vars: { name: input.name, link: appLink(deps.config, "accept-invitation", token), days: INVITATION_DAYS },
  });
  await authAudit(trx, "auth.invitation.created", ctx.actor.userId, ctx, {
    invitationId: row.id,
    email,
    roleId: input.roleId,
  });
  return row;
}

export async function listInvitations(trx: Transaction<DB>) {
  return trx.selectFrom("invitations").selectAll().orderBy("created_at", "desc").limit(500).execute();
}

export async function revokeInvitation(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const row = await trx
    .updateTable("invitations")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning(["id", "email"])
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Pending invitation");
  await authAudit(trx, "auth.invitation.revoked", ctx.actor.userId, ctx, {
    invitationId: id,
    email: row.email,
  });
}

/**
 * Sends a pending or expired invitation again: a new link valid another 7 days replaces the old one (which stops
 * working). Accepted and revoked invitations cannot be resent (404).
 */
export async function resendInvitation(trx: Transaction<DB>, deps: AppDeps, ctx: RequestContext, id: string) {
  const old = await trx
    .selectFrom("invitations")
    .selectAll()
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!old) throw new NotFoundError("Pending invitation");
  const fresh = await createInvitation(trx, deps, ctx, {
    email: old.email,
    name: old.name,
    roleId: old.role_id,
    teamId: old.team_id,
  });
  await authAudit(trx, "auth.invitation.resent", ctx.actor.userId, ctx, {
    invitationId: fresh.id,
    previousInvitationId: old.id,
    email: old.email,
  });
  return fresh;
}

/** Creates the invited user with their chosen password (policy applies); the invitation is single-use. */
export async function acceptInvitation(
  trx: Transaction<DB>,
  input: { token: string; name: string; password: string },
  client: ClientInfo,
): Promise<string> {
  const inv = await trx
    .selectFrom("invitations")
    .selectAll()
    .where("token_hash", "=", sha256(input.token))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) {
    throw new BadRequestError("invalid_or_expired_token", "This invitation is invalid or has expired.");
  }
  if (await trx.selectFrom("users").select("id").where("email", "=", inv.email).executeTakeFirst()) {
    throw emailTaken();
  }
  await assertPasswordAllowed(trx, {
    password: input.password,
    email: inv.email,
    userId: null,
    field: "password",
    names: [input.name],
  });
  const user = await trx
    .insertInto("users")
    .values({
      email: inv.email,
      name: input.name,
      role_id: inv.role_id,
      team_id: inv.team_id,
      password_hash: await hashPassword(input.password),
      password_changed_at: new Date(),
    })
    .returning(["id", "email", "name", "role_id", "team_id"])
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("invitations")
    .set({ accepted_at: sql<Date>`now()`, accepted_user_id: user.id })
    .where("id", "=", inv.id)
    .execute();
  await recordChange(
    trx,
    { actorId: user.id, requestId: client.requestId },
    {
      entity: "users",
      entityId: user.id,
      action: "create",
      changes: {
        email: { before: null, after: user.email },
        name: { before: null, after: user.name },
        roleId: { before: null, after: user.role_id },
        teamId: { before: null, after: user.team_id },
      },
    },
  );
  await authAudit(trx, "auth.invitation.accepted", user.id, client, { invitationId: inv.id });
  return user.id;
}
