import type { Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";

/** Locks the target user (so they cannot be deactivated meanwhile) and checks they are active. */
export async function requireActiveUser(trx: Transaction<DB>, userId: string, field: string): Promise<void> {
  const user = await trx
    .selectFrom("users")
    .select(["id", "is_active"])
    .where("id", "=", userId)
    .forShare()
    .executeTakeFirst();
  if (!user) throw ValidationError.field(field, "No such user.", "not_found");
  if (!user.is_active) throw ValidationError.field(field, "Choose an active user.", "inactive_user");
}

/** A team's active members (in id order, share-locked), except `leaving`. */
export async function activeTeamMembers(
  trx: Transaction<DB>,
  teamId: string,
  leaving: string,
  field: string,
): Promise<string[]> {
  const team = await trx.selectFrom("teams").select("id").where("id", "=", teamId).executeTakeFirst();
  if (!team) throw ValidationError.field(field, "No such team.", "not_found");
  const members = await trx
    .selectFrom("users")
    .select("id")
    .where("team_id", "=", teamId)
    .where("is_active", "=", true)
    .where("id", "<>", leaving)
    .orderBy("id")
    .forShare()
    .execute();
  if (members.length === 0)
    throw ValidationError.field(field, "The team has no other active member.", "empty_team");
  return members.map((m) => m.id);
}

/** Refuses a new owner outside the actor's assign scope (422 `target_out_of_scope`). */
export async function requireAssignableTarget(
  trx: Transaction<DB>,
  actor: Actor,
  entity: string,
  userId: string,
): Promise<void> {
  const scope = scopeFor(actor, entity, "assign");
  if (scope === "all" || userId === actor.userId) return;
  if (scope === "team" && actor.teamId) {
    const user = await trx.selectFrom("users").select("team_id").where("id", "=", userId).executeTakeFirst();
    if (user?.team_id === actor.teamId) return;
  }
  throw ValidationError.field(
    "body.toUserId",
    "Your role may not give records to this user.",
    "target_out_of_scope",
  );
}
