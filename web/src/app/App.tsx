import type { QueryClient } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { useEffect } from "react";
import { onUnauthorized } from "../api/client";
import { meQueryKey } from "../features/auth/api";
import { AppProviders } from "./AppProviders";
import type { AppRouter } from "./router";

interface AppProps {
  queryClient: QueryClient;
  router: AppRouter;
  env?: "default" | "test";
}

/** When any signed-in request answers 401, forget the user and go back to the sign-in page. */
function useSessionExpiry(queryClient: QueryClient, router: AppRouter): void {
  useEffect(
    () =>
      onUnauthorized(() => {
        const { pathname, href } = router.state.location;
        queryClient.setQueryData(meQueryKey, null);
        if (pathname !== "/login") void router.navigate({ to: "/login", search: { redirect: href } });
      }),
    [queryClient, router],
  );
}

export function App({ queryClient, router, env }: AppProps) {
  useSessionExpiry(queryClient, router);
  return (
    <AppProviders queryClient={queryClient} env={env}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
