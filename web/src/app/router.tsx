import { createRouter, type RouterHistory } from "@tanstack/react-router";
import { ErrorPage } from "../ui/ErrorPage";
import { PageLoader } from "../ui/PageLoader";
import type { RouterContext } from "./guards";
import { accountRoutes } from "./routes/account";
import { analyticsRoutes } from "./routes/analytics";
import { communicationRoutes } from "./routes/communication";
import { publicRoutes } from "./routes/public";
import { importRoute, recordRoutes } from "./routes/records";
import { appRoute, rootRoute } from "./routes/root";
import { settingsRouteTree } from "./routes/settings";

// Route definitions live per area in ./routes/; this file assembles the tree and creates the router.
export const routeTree = rootRoute.addChildren([
  ...publicRoutes,
  appRoute.addChildren([
    ...recordRoutes,
    ...communicationRoutes,
    ...analyticsRoutes,
    importRoute,
    ...accountRoutes,
    settingsRouteTree,
  ]),
]);

export function createAppRouter(context: RouterContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    ...(history ? { history } : {}),
    defaultPreload: "intent",
    defaultPendingComponent: PageLoader,
    defaultPendingMs: 150,
    defaultPendingMinMs: 300,
    defaultErrorComponent: ({ error, reset }) => <ErrorPage error={error} onRetry={reset} />,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module "@tanstack/react-router" {
  interface Register {
    router: AppRouter;
  }
}
