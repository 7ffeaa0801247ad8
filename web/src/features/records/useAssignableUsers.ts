import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { meQueryOptions } from "../auth";
import { scopeOf } from "../settings/roles/permissionModel";
import type { EntityName } from "./api";
import { useUsers } from "./lookups";

/**
 * The people the server lets this user hand records of `entity` to (its assign scope): all → every active
 * user, team → the user and their team, own → only the user, none → nobody (the control is not shown).
 * The server checks the same rule again (`POST /reassign`, 422 `target_out_of_scope`).
 */
export function useAssignableUsers(entity: EntityName) {
  const { active } = useUsers();
  const me = useQuery(meQueryOptions).data;
  return useMemo(() => {
    if (!me) return [];
    const scope = scopeOf(me.permissions as Record<string, Record<string, string>>, entity, "assign");
    if (scope === "all") return active;
    if (scope === "team") return active.filter((u) => u.id === me.id || (me.team && u.teamId === me.team.id));
    if (scope === "own") return active.filter((u) => u.id === me.id);
    return [];
  }, [me, active, entity]);
}

/**
 * Whether the user's assign scope covers a record owned by `ownerId` (the server answers 404 otherwise):
 * all → any, team → their own and their team's records, own → only their own.
 */
export function useCanAssignRecord(entity: EntityName, ownerId: string | null): boolean {
  const { active } = useUsers();
  const me = useQuery(meQueryOptions).data;
  if (!me || !ownerId) return false;
  const scope = scopeOf(me.permissions as Record<string, Record<string, string>>, entity, "assign");
  if (scope === "all") return true;
  if (scope === "none") return false;
  if (ownerId === me.id) return true;
  return (
    scope === "team" && me.team !== null && active.some((u) => u.id === ownerId && u.teamId === me.team?.id)
  );
}
