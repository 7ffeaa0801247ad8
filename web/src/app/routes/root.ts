import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet } from "@tanstack/react-router";
import { applyProfileLanguage, type RouterContext, requireUser } from "../guards";

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: lazyRouteComponent(() => import("../../ui/NotFoundPage"), "NotFoundPage"),
});

// Parent of every signed-in screen: the session is checked and the application shell rendered once.
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: requireUser,
  loader: applyProfileLanguage,
  component: lazyRouteComponent(() => import("../../features/shell/AppLayout"), "AppLayout"),
});
