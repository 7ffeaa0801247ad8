import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet } from "@tanstack/react-router";
import { type RouterContext, requireUser } from "../guards";

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: lazyRouteComponent(() => import("../../ui/NotFoundPage"), "NotFoundPage"),
});

// Parent of every signed-in screen: the session is checked and the application shell rendered once.
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: requireUser,
  component: lazyRouteComponent(() => import("../../features/shell/AppLayout"), "AppLayout"),
});
