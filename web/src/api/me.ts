import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { isApiError } from "./problem";
import type { Me } from "./types";

export const meQueryKey = ["me"] as const;

/** The signed-in user, or null when there is no session (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/me"));
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: fetchMe,
  staleTime: 5 * 60_000,
});
