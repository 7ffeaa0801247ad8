import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { meQueryOptions } from "../auth/api";
import type { AnyRecord } from "../records/api";
import { useUsers } from "../records/lookups";
import { fieldMetaQuery } from "../records/useFields";
import { scopeOf } from "../settings/roles/permissionModel";

/** What the user's role allows on a field: absent from the metadata = hidden. */
export type FieldAccess = "write" | "readonly" | "hidden";

/**
 * Field access on one deal: the role's field rules as the server publishes them (`GET /custom-fields/meta/deals`),
 * and "write" only when the role's update scope covers this deal (own: theirs, team: their team's, all) —
 * otherwise the server would refuse the change anyway. Null while loading.
 */
export function useDealFieldAccess(deal: AnyRecord): ((key: string) => FieldAccess) | null {
  const meta = useQuery(fieldMetaQuery("deals"));
  const me = useQuery(meQueryOptions).data;
  const { teams } = useUserTeams();
  return useMemo(() => {
    if (!meta.data || !me) return null;
    const ownerId = typeof deal.ownerId === "string" ? deal.ownerId : null;
    const scope = scopeOf(me.permissions as Record<string, Record<string, string>>, "deals", "update");
    const canUpdate =
      scope === "all" ||
      (ownerId !== null && ownerId === me.id && scope !== "none") ||
      (scope === "team" && me.team !== null && ownerId !== null && teams.get(ownerId) === me.team.id);
    const byKey = new Map(meta.data.map((f) => [f.key, f.access]));
    return (key: string) => {
      const access = byKey.get(key);
      if (!access) return "hidden";
      return access === "write" && canUpdate ? "write" : "readonly";
    };
  }, [meta.data, me, deal.ownerId, teams]);
}

function useUserTeams() {
  const { active } = useUsers();
  const teams = useMemo(() => new Map(active.map((u) => [u.id, u.teamId ?? null])), [active]);
  return { teams };
}
