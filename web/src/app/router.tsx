import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouterHistory,
  redirect,
} from "@tanstack/react-router";
import type { ComponentType } from "react";
import { prefetchListScreen } from "../features/records/listQueries";
import type { SettingsSegment } from "../features/settings/access";
import { ErrorPage } from "../ui/ErrorPage";
import { PageLoader } from "../ui/PageLoader";
import {
  type RouterContext,
  redirectIfSignedIn,
  redirectToFirstSettingsSection,
  requireAdmin,
  requireSession,
  requireSettingsSection,
  requireUser,
  validateImportSearch,
  validateRedirectSearch,
  validateTokenSearch,
} from "./guards";

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: lazyRouteComponent(() => import("../features/shell/NotFoundPage"), "NotFoundPage"),
});

// --- Public pages -------------------------------------------------------------------------------
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: validateRedirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context, search.redirect),
  component: lazyRouteComponent(() => import("../features/auth/LoginPage"), "LoginPage"),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  component: lazyRouteComponent(() => import("../features/auth/ForgotPasswordPage"), "ForgotPasswordPage"),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: validateTokenSearch,
  component: lazyRouteComponent(() => import("../features/auth/ResetPasswordPage"), "ResetPasswordPage"),
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accept-invitation",
  validateSearch: validateTokenSearch,
  component: lazyRouteComponent(
    () => import("../features/auth/AcceptInvitationPage"),
    "AcceptInvitationPage",
  ),
});

const changePasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/change-password",
  validateSearch: validateRedirectSearch,
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import("../features/auth/ChangePasswordPage"), "ChangePasswordPage"),
});

// --- Signed-in application ----------------------------------------------------------------------
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: requireUser,
  component: lazyRouteComponent(() => import("../features/shell/AppLayout"), "AppLayout"),
});

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
  component: lazyRouteComponent(() => import("../features/my-day/MyDayPage"), "MyDayPage"),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "companies", context.me.id),
  component: lazyRouteComponent(() => import("../features/companies/CompaniesPage"), "CompaniesPage"),
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "contacts", context.me.id),
  component: lazyRouteComponent(() => import("../features/contacts/ContactsPage"), "ContactsPage"),
});

const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/deals",
  loader: ({ context }) => prefetchListScreen(context.queryClient, "deals", context.me.id),
  component: lazyRouteComponent(() => import("../features/deals/DealsPage"), "DealsPage"),
});

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies/$id",
  component: lazyRouteComponent(() => import("../features/companies/CompanyPage"), "CompanyPage"),
});

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts/$id",
  component: lazyRouteComponent(() => import("../features/contacts/ContactPage"), "ContactPage"),
});

const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/deals/$id",
  component: lazyRouteComponent(() => import("../features/deals/DealPage"), "DealPage"),
});

// Entities without screens of their own: list and record page from their declaration and field metadata.
// Static paths above win over these (TanStack ranks static segments first).
const entityListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/$entity",
  loader: ({ context, params }) => prefetchListScreen(context.queryClient, params.entity, context.me.id),
  component: lazyRouteComponent(() => import("../features/records/EntityListPage"), "EntityListPage"),
});

const entityRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/$entity/$id",
  component: lazyRouteComponent(() => import("../features/records/EntityRecordPage"), "EntityRecordPage"),
});

const mergeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/merge/$entity",
  validateSearch: (search: Record<string, unknown>): { ids: string } => ({
    ids: typeof search.ids === "string" ? search.ids : "",
  }),
  component: lazyRouteComponent(() => import("../features/merge/MergePage"), "MergePage"),
});

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks",
  component: lazyRouteComponent(() => import("../features/tasks/TasksPage"), "TasksPage"),
});

const taskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks/$id",
  component: lazyRouteComponent(() => import("../features/tasks/TaskPage"), "TaskPage"),
});

const pipelineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pipeline",
  component: lazyRouteComponent(
    () => import("../features/pipeline-board/PipelineBoardPage"),
    "PipelineBoardPage",
  ),
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/import",
  validateSearch: validateImportSearch,
  component: lazyRouteComponent(() => import("../features/imports/ImportWizardPage"), "ImportWizardPage"),
});

const securityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/security",
  component: lazyRouteComponent(() => import("../features/two-factor/SecurityPage"), "SecurityPage"),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("../features/account/ProfilePage"), "ProfilePage"),
});

const twoFactorSetupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/two-factor-setup",
  validateSearch: validateRedirectSearch,
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import("../features/two-factor/ForcedSetupPage"), "ForcedSetupPage"),
});

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/calendar",
  component: lazyRouteComponent(() => import("../features/calendar/CalendarPage"), "CalendarPage"),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  beforeLoad: ({ context }) => requireAdmin(context.me),
  component: lazyRouteComponent(() => import("../features/settings/SettingsPage"), "SettingsPage"),
});

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: ({ context }) => redirectToFirstSettingsSection(context.me),
});

const settingsSection = <S extends SettingsSegment>(
  segment: S,
  load: () => Promise<Record<string, ComponentType>>,
  name: string,
) =>
  createRoute({
    getParentRoute: () => settingsRoute,
    path: segment,
    beforeLoad: ({ context }) => requireSettingsSection(context.me, `/settings/${segment}`),
    component: lazyRouteComponent(load, name),
  });

const settingsUsersRoute = settingsSection(
  "users",
  () => import("../features/settings/users/UsersPage"),
  "UsersPage",
);
const settingsTeamsRoute = settingsSection(
  "teams",
  () => import("../features/settings/teams/TeamsPage"),
  "TeamsPage",
);
const settingsRolesRoute = settingsSection(
  "roles",
  () => import("../features/settings/roles/RolesPage"),
  "RolesPage",
);
const settingsPipelinesRoute = settingsSection(
  "pipelines",
  () => import("../features/settings/pipelines/PipelinesPage"),
  "PipelinesPage",
);
const settingsCustomFieldsRoute = settingsSection(
  "custom-fields",
  () => import("../features/settings/custom-fields/CustomFieldsPage"),
  "CustomFieldsPage",
);
const settingsSecurityRoute = settingsSection(
  "security",
  () => import("../features/settings/security/SecuritySettingsPage"),
  "SecuritySettingsPage",
);
const settingsAuditRoute = settingsSection(
  "audit-log",
  () => import("../features/settings/audit/AuditLogPage"),
  "AuditLogPage",
);

export const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  acceptInvitationRoute,
  changePasswordRoute,
  twoFactorSetupRoute,
  appRoute.addChildren([
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
    importRoute,
    securityRoute,
    profileRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      settingsUsersRoute,
      settingsTeamsRoute,
      settingsRolesRoute,
      settingsPipelinesRoute,
      settingsCustomFieldsRoute,
      settingsSecurityRoute,
      settingsAuditRoute,
    ]),
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
