import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type Actor, hasAdminPermission } from "../../platform/access/actor.js";
import { ForbiddenError, ValidationError } from "../../platform/errors.js";
import type { SHARE_VISIBILITIES } from "./schemas.js";

type Visibility = (typeof SHARE_VISIBILITIES)[number];

/** Rows (reports, dashboards) the actor sees: their own, their team's, their role's, everyone's. */
export function visibleTo(actor: Actor, alias: string): RawBuilder<SqlBool> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<SqlBool>`(${c("owner_id")} = ${actor.userId} or ${c("visibility")} = 'everyone'
    or (${c("visibility")} = 'team' and ${c("team_id")} = ${actor.teamId}::uuid)
    or (${c("visibility")} = 'role' and ${c("role_id")} = ${actor.roleId}::uuid))`;
}

/** The team/role columns of a share setting; `team` defaults to the caller's team. */
export function shareColumns(
  actor: Actor,
  input: { visibility: Visibility; teamId?: string | null | undefined; roleId?: string | null | undefined },
) {
  const { visibility } = input;
  if (visibility === "team") {
    const team = input.teamId ?? actor.teamId;
    if (!team) throw ValidationError.field("teamId", "You are not in a team.", "no_team");
    return { visibility, team_id: team, role_id: null };
  }
  if (visibility === "role") {
    if (!input.roleId) throw ValidationError.field("roleId", "Choose a role.", "required");
    return { visibility, team_id: null, role_id: input.roleId };
  }
  return { visibility, team_id: null, role_id: null };
}

/** Only the owner (or an admin with settings.manage) changes a shared thing; a read-only token never. */
export function assertCanChange(actor: Actor, ownerId: string, what: string): void {
  if (actor.readOnly || (ownerId !== actor.userId && !hasAdminPermission(actor, "settings.manage"))) {
    throw new ForbiddenError("permission_denied", `Only the owner can change this ${what}.`);
  }
}
