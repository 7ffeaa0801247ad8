import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from "@tanstack/react-router";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { AppProviders } from "../../app/AppProviders";
import { createQueryClient } from "../../app/queryClient";

/** Test helper: renders `ui` inside the providers and a one-route memory router (cells render router links). */
export async function renderInRouter(ui: () => ReactNode) {
  const queryClient = createQueryClient();
  const rootRoute = createRootRoute({ component: () => <>{ui()}</> });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: ["/"] }),
  });
  await router.load();
  const utils = render(
    <AppProviders queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { queryClient, ...utils };
}
