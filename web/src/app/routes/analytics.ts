import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { prefetchDashboard } from "../../features/analytics/prefetch";
import { validateAnalyticsSearch } from "../../features/analytics/search";
import { appRoute } from "./root";

// Built-in analytics dashboards, the report builder and user dashboards.

const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
  beforeLoad: () => {
    throw redirect({ to: "/analytics/$dashboard", params: { dashboard: "sales" } });
  },
});

const analyticsDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/$dashboard",
  validateSearch: validateAnalyticsSearch,
  // Awaits the widget catalogue only; the figures arrive while the page renders.
  loaderDeps: ({ search }) => search,
  loader: ({ context, params, deps }) => prefetchDashboard(context.queryClient, params.dashboard, deps),
  component: lazyRouteComponent(() => import("../../features/analytics/AnalyticsPage"), "AnalyticsPage"),
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reports",
  component: lazyRouteComponent(() => import("../../features/reports/ReportsPage"), "ReportsPage"),
});

const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reports/$id",
  component: lazyRouteComponent(
    () => import("../../features/reports/ReportBuilderPage"),
    "ReportBuilderPage",
  ),
});

const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/dashboards/$id",
  component: lazyRouteComponent(() => import("../../features/reports/DashboardPage"), "DashboardPage"),
});

export const analyticsRoutes = [
  analyticsRoute,
  analyticsDashboardRoute,
  reportsRoute,
  reportRoute,
  dashboardRoute,
] as const;
