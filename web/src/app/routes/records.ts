import type { QueryClient } from "@tanstack/react-query";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { validateImportSearch } from "../guards";
import { appRoute } from "./root";

/**
 * Starts a list screen's first queries while its page code loads. The list code is imported here on demand
 * (it is the page chunk's own dependency anyway), so the shell and the sign-in page do not carry it.
 */
function prefetchListScreen(client: QueryClient, entity: string, userId: string): void {
  import("../../features/records/listQueries").then(
    (m) => m.prefetchListScreen(client, entity, userId),
    () => undefined,
  );
}

// The working screens: my day, entity lists and record pages, tasks, merge, pipeline board, calendar, import.

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/my-day" });
  },
});

const myDayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/my-day",
  component: lazyRouteComponent(() => import("../../features/my-day/MyDayPage"), "MyDayPage"),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "companies", context.me.id),
  component: lazyRouteComponent(() => import("../../features/companies/CompaniesPage"), "CompaniesPage"),
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "contacts", context.me.id),
  component: lazyRouteComponent(() => import("../../features/contacts/ContactsPage"), "ContactsPage"),
});

const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/deals",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "deals", context.me.id),
  component: lazyRouteComponent(() => import("../../features/deals/DealsPage"), "DealsPage"),
});

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies/$id",
  component: lazyRouteComponent(() => import("../../features/companies/CompanyPage"), "CompanyPage"),
});

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts/$id",
  component: lazyRouteComponent(() => import("../../features/contacts/ContactPage"), "ContactPage"),
});

const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/deals/$id",
  component: lazyRouteComponent(() => import("../../features/deals/DealPage"), "DealPage"),
});

// Entities without screens of their own: list and record page from their declaration and field metadata.
// Static paths win over these (TanStack ranks static segments first).
const entityListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/$entity",
  loader: ({ context, params }) => prefetchListScreen(context.queryClient, params.entity, context.me.id),
  component: lazyRouteComponent(() => import("../../features/records/EntityListPage"), "EntityListPage"),
});

const entityRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/$entity/$id",
  component: lazyRouteComponent(() => import("../../features/records/EntityRecordPage"), "EntityRecordPage"),
});

const mergeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/merge/$entity",
  validateSearch: (search: Record<string, unknown>): { ids: string } => ({
    ids: typeof search.ids === "string" ? search.ids : "",
  }),
  component: lazyRouteComponent(() => import("../../features/merge/MergePage"), "MergePage"),
});

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks",
  component: lazyRouteComponent(() => import("../../features/tasks/TasksPage"), "TasksPage"),
});

const taskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks/$id",
  component: lazyRouteComponent(() => import("../../features/tasks/TaskPage"), "TaskPage"),
});

const pipelineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pipeline",
  component: lazyRouteComponent(
    () => import("../../features/pipeline-board/PipelineBoardPage"),
    "PipelineBoardPage",
  ),
});

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/calendar",
  component: lazyRouteComponent(() => import("../../features/calendar/CalendarPage"), "CalendarPage"),
});

export const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/import",
  validateSearch: validateImportSearch,
  component: lazyRouteComponent(() => import("../../features/imports/ImportWizardPage"), "ImportWizardPage"),
});

export const recordRoutes = [
  indexRoute,
  myDayRoute,
  companiesRoute,
  contactsRoute,
  dealsRoute,
  tasksRoute,
  taskRoute,
  companyRoute,
  contactRoute,
  dealRoute,
  entityListRoute,
  entityRecordRoute,
  mergeRoute,
  pipelineRoute,
  calendarRoute,
] as const;
