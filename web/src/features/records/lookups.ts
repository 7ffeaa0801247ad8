import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "../../api/client";
import type { UserInfo } from "../../ui/table/TableEnv";

/** Active and inactive users (owner names, avatars, owner pickers). */
export function useUsers() {
  const query = useQuery({
    queryKey: ["lookup", "users"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/users", { params: { query: { limit: 500 } } }))).items,
    staleTime: 5 * 60_000,
  });
  const map = useMemo(
    () =>
      new Map<string, UserInfo>(
        (query.data ?? []).map((u) => [u.id, { id: u.id, name: u.name, avatarUrl: u.avatarUrl }]),
      ),
    [query.data],
  );
  const active = useMemo(() => (query.data ?? []).filter((u) => u.isActive), [query.data]);
  return { users: map, active };
}

export function usePipelines() {
  const query = useQuery({
    queryKey: ["lookup", "pipelines"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/pipelines"))).items,
    staleTime: 5 * 60_000,
  });
  return query.data ?? [];
}
