import { sql } from "kysely";
import type { Actor } from "../access/actor.js";
import type { Database } from "../db/database.js";

/** The actor a background job acts as: the user who started it, with their role as of now (null if inactive). */
export async function actorForUser(db: Database, userId: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select([
      "u.id",
      "u.team_id",
      "u.role_id",
      "u.is_active",
      "r.permissions",
      "r.field_rules",
      "r.admin_permissions",
      // The team's users, for team scopes (`Actor.teamUserIds`).
      sql<string[]>`array(select tm.id from users tm where tm.team_id = u.team_id order by tm.id)`.as(
        "team_user_ids",
      ),
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!row?.is_active) return null;
  return {
    userId: row.id,
    teamId: row.team_id,
    teamUserIds: row.team_user_ids,
    roleId: row.role_id,
    permissions: row.permissions,
    fieldRules: row.field_rules,
    adminPermissions: new Set(row.admin_permissions),
    readOnly: false,
    sessionId: null,
    apiTokenId: null,
  };
}
