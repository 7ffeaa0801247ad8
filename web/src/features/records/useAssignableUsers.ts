import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import type { EntityName } from "./api";

export type Assignee = components["schemas"]["Assignee"];
const NONE: readonly Assignee[] = [];

/**
 * The people the server lets this user make owners of `entity`'s records
 * (`GET /api/v1/meta/entities/{entity}/assignees`: the same rule its create, PATCH and `POST /reassign` apply),
 * so pickers never offer someone the server would refuse. Empty while loading and when the role may not assign.
 */
export function useAssignableUsers(entity: EntityName, enabled = true): readonly Assignee[] {
  const query = useQuery({
    queryKey: ["meta", "assignees", entity] as const,
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/meta/entities/{entity}/assignees", {
            params: { path: { entity }, query: { limit: 500 } },
          }),
        )
      ).items,
    staleTime: 5 * 60_000,
    enabled,
  });
  return query.data ?? NONE;
}
