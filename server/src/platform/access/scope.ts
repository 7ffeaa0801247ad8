import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type Binder, marker } from "../db/compiled.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { type Action, type Actor, scopeFor } from "./actor.js";

/**
 * Record-level access: the one place that turns a role's scope into SQL. Every repository builds its reads and
 * writes of owned records through `ownerScope`, so a query cannot forget the rule.
 *
 * - own:  the record's owner is the actor
 * - team: the record's owner is in the actor's team (a team head sees the whole team)
 * - all:  no restriction
 */
export function ownerScope(
  actor: Actor,
  entity: string,
  action: Action,
  ownerColumn: string,
): RawBuilder<SqlBool> {
  const scope = scopeFor(actor, entity, action);
  const column = sql.ref(ownerColumn);
  switch (scope) {
    case "all":
      return sql<SqlBool>`true`;
    case "own":
      return sql<SqlBool>`${column} = ${actor.userId}`;
    case "team":
      if (!actor.teamId) return sql<SqlBool>`${column} = ${actor.userId}`;
      if (actor.teamUserIds) return sql<SqlBool>`${column} = any(${teamOwners(actor)}::uuid[])`;
      return sql<SqlBool>`(${column} = ${actor.userId} or ${column} in (select u.id from users u where u.team_id = ${actor.teamId}))`;
    default:
      return sql<SqlBool>`false`;
  }
}

const USER_MARK = marker("scope.userId");
const TEAM_MARK = marker("scope.teamId");

/**
 * For statements compiled once per shape (platform/db/compiled.ts): what `ownerScope`/`scopeOwners` of `actor`
 * write depends on the scope kind only, so `key` names that kind, `template` is the actor to build the statement
 * with (markers for its user and team ids, its permissions as they are) and `bind` puts this actor's ids where the
 * markers are — its user id, team id and team owner array.
 */
export function scopeShape(
  actor: Actor,
  entity: string,
  action: Action,
): { key: string; template: Actor; bind: Binder } {
  const scope = scopeFor(actor, entity, action);
  const key =
    scope !== "team" ? scope : !actor.teamId ? "team-alone" : actor.teamUserIds ? "team-ids" : "team-query";
  const template: Actor = {
    ...actor,
    userId: USER_MARK,
    teamId: actor.teamId ? TEAM_MARK : null,
    teamUserIds: actor.teamUserIds ? [] : actor.teamUserIds,
  };
  const bind: Binder = (param) => {
    if (param === USER_MARK) return actor.userId;
    if (param === TEAM_MARK) return actor.teamId ?? undefined;
    if (Array.isArray(param) && param.length === 1 && param[0] === USER_MARK) return teamOwners(actor);
    return undefined;
  };
  return { key, template, bind };
}

/**
 * The owners a scope covers, for reads that walk an owner-keyed index one owner at a time instead of filtering by
 * `ownerScope` (the same rule): `"all"`, `"none"`, or a `uuid[]` SQL value (the actor; for `team` also their team).
 */
export function scopeOwners(
  actor: Actor,
  entity: string,
  action: Action,
): "all" | "none" | RawBuilder<string[]> {
  const scope = scopeFor(actor, entity, action);
  if (scope === "all" || scope === "none") return scope;
  if (scope === "own" || !actor.teamId) return sql<string[]>`array[${actor.userId}::uuid]`;
  if (actor.teamUserIds) return sql<string[]>`${teamOwners(actor)}::uuid[]`;
  return sql<string[]>`array(select ${actor.userId}::uuid
    union select u.id from users u where u.team_id = ${actor.teamId})`;
}

/**
 * The owner ids of a team scope as one array parameter: the actor first, then the team's users (deduplicated).
 * Bound by value, the planner estimates `owner_id = any(…)` from the owner index's statistics instead of guessing
 * a subquery over `users` (which made team-scoped lists and their capped counts scan, issue 10 item 20).
 */
function teamOwners(actor: Actor): string[] {
  return [...new Set([actor.userId, ...(actor.teamUserIds ?? [])])];
}

/** Whether the actor may act on a record owned by `ownerId` (checked in SQL for lists, here for single writes). */
export async function canActOnOwner(
  actor: Actor,
  entity: string,
  action: Action,
  ownerId: string,
  teamOf: (userId: string) => Promise<string | null>,
): Promise<boolean> {
  const scope = scopeFor(actor, entity, action);
  if (scope === "all") return true;
  if (scope === "own") return ownerId === actor.userId;
  if (scope === "team") {
    if (ownerId === actor.userId) return true;
    return actor.teamId !== null && (await teamOf(ownerId)) === actor.teamId;
  }
  return false;
}

/** Refuses an action the role grants at no scope at all (e.g. create with scope none). */
export function requireAnyScope(actor: Actor, entity: string, action: Action): void {
  if (scopeFor(actor, entity, action) === "none") {
    if (action === "read") throw new NotFoundError();
    throw new ForbiddenError("permission_denied", `Your role may not ${action} ${entity}.`);
  }
}
