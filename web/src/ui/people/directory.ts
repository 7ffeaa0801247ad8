import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type DirectoryUser = JsonBody<paths["/api/v1/users"]["get"]["responses"][200]>["items"][number];
export type DirectoryTeam = JsonBody<paths["/api/v1/teams"]["get"]["responses"][200]>["items"][number];
export type Tag = JsonBody<paths["/api/v1/tags"]["get"]["responses"][200]>["items"][number];

const FIVE_MINUTES = 5 * 60_000;

/** Active users (first 200): owner pickers, avatars, team filters. */
export const usersQuery = queryOptions({
  queryKey: ["directory", "users"],
  queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 200, active: "true" } } })),
  select: (page) => page.items,
  staleTime: FIVE_MINUTES,
});

export const teamsQuery = queryOptions({
  queryKey: ["directory", "teams"],
  queryFn: () => unwrap(api.GET("/api/v1/teams")),
  select: (page) => page.items,
  staleTime: FIVE_MINUTES,
});

export const tagsQuery = queryOptions({
  queryKey: ["directory", "tags"],
  queryFn: () => unwrap(api.GET("/api/v1/tags")),
  select: (page) => page.items,
  staleTime: FIVE_MINUTES,
});

/** Users by id (empty while loading or when the list is not readable). */
export function useUserMap(): Map<string, DirectoryUser> {
  const { data } = useQuery(usersQuery);
  return new Map((data ?? []).map((user) => [user.id, user]));
}

/** Ids of the members of `teamId` among the known users, or null without a team. */
export function teamMemberIds(
  users: readonly DirectoryUser[] | undefined,
  teamId: string | null,
): string[] | null {
  if (!teamId) return null;
  return (users ?? []).filter((user) => user.teamId === teamId).map((user) => user.id);
}

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ""}${parts[1]?.[0] ?? ""}` : name.trim().slice(0, 2);
  return letters.toUpperCase() || "?";
}
