import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { useCallback } from "react";
import type { Me } from "../../api/types";
import { meQueryKey } from "./api";
import { safeRedirect } from "./redirect";

/** Stores the signed-in user and continues to the page the user originally asked for. */
export function useFinishSignIn(redirectTo: string | undefined) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    async (user: Me) => {
      queryClient.setQueryData(meQueryKey, user);
      await router.navigate({ href: safeRedirect(redirectTo), replace: true });
    },
    [queryClient, router, redirectTo],
  );
}
