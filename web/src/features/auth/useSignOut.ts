import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { useCallback } from "react";
import { logout, meQueryKey } from "./api";

/** Ends the session (even if the server is unreachable, the local state is cleared). */
export function useSignOut() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(async () => {
    try {
      await logout();
    } catch {
      // The session is forgotten locally either way.
    }
    queryClient.setQueryData(meQueryKey, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    await router.navigate({ to: "/login", replace: true });
  }, [queryClient, router]);
}
