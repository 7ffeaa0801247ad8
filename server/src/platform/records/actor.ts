import { sql } from "kysely";
import type { Actor } from "../access/actor.js";
import type { Database } from "../db/database.js";

/** The columns an actor is built from, as a query reads them (`actorColumns` selects them for a `users` alias). */
export interface ActorRow {
  actor_user_id: string;
  actor_team_id: string | null;
  actor_role_id: string;
  actor_is_active: boolean;
  actor_permissions: Actor["permissions"];
  actor_field_rules: Actor["fieldRules"];
  actor_admin_permissions: string[];
  actor_team_user_ids: string[];
}

/**
 * The actor's columns for a query that has the user as `users` alias `u` joined to their role as `r` — so a
 * query that reads a user for another reason (a rule's run and its owner) builds the actor in the same round trip.
 */
export function actorColumns(u: string, r: string) {
  return [
    sql<string>`${sql.ref(`${u}.id`)}`.as("actor_user_id"),
    sql<string | null>`${sql.ref(`${u}.team_id`)}`.as("actor_team_id"),
    sql<string>`${sql.ref(`${u}.role_id`)}`.as("actor_role_id"),
    sql<boolean>`${sql.ref(`${u}.is_active`)}`.as("actor_is_active"),
    sql<Actor["permissions"]>`${sql.ref(`${r}.permissions`)}`.as("actor_permissions"),
    sql<Actor["fieldRules"]>`${sql.ref(`${r}.field_rules`)}`.as("actor_field_rules"),
    sql<string[]>`${sql.ref(`${r}.admin_permissions`)}`.as("actor_admin_permissions"),
    // The team's users, for team scopes (`Actor.teamUserIds`).
    sql<
      string[]
    >`array(select tm.id from users tm where tm.team_id = ${sql.ref(`${u}.team_id`)} order by tm.id)`.as(
      "actor_team_user_ids",
    ),
  ] as const;
}

/** The actor of a row read with `actorColumns`: null when the user is missing or inactive. */
export function actorFromRow(row: Partial<ActorRow> | undefined): Actor | null {
  if (!row?.actor_is_active || !row.actor_user_id || !row.actor_role_id) return null;
  return {
    userId: row.actor_user_id,
    teamId: row.actor_team_id ?? null,
    teamUserIds: row.actor_team_user_ids ?? [],
    roleId: row.actor_role_id,
    permissions: row.actor_permissions as Actor["permissions"],
    fieldRules: row.actor_field_rules as Actor["fieldRules"],
    adminPermissions: new Set(row.actor_admin_permissions ?? []),
    readOnly: false,
    sessionId: null,
    apiTokenId: null,
  };
}

/** The actor a background job acts as: the user who started it, with their role as of now (null if inactive). */
export async function actorForUser(db: Database, userId: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select(actorColumns("u", "r"))
    .where("u.id", "=", userId)
    .executeTakeFirst();
  return actorFromRow(row);
}
