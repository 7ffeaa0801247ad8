import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import type { ComponentType } from "react";
import type { SettingsSegment } from "../../features/settings/access";
import { redirectToFirstSettingsSection, requireAdmin, requireSettingsSection } from "../guards";
import { appRoute } from "./root";

// Settings: admin-only parent with one child per section; each section checks its own access.

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  beforeLoad: ({ context }) => requireAdmin(context.me),
  component: lazyRouteComponent(() => import("../../features/settings/SettingsPage"), "SettingsPage"),
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
  () => import("../../features/settings/users/UsersPage"),
  "UsersPage",
);
const settingsTeamsRoute = settingsSection(
  "teams",
  () => import("../../features/settings/teams/TeamsPage"),
  "TeamsPage",
);
const settingsRolesRoute = settingsSection(
  "roles",
  () => import("../../features/settings/roles/RolesPage"),
  "RolesPage",
);
const settingsPipelinesRoute = settingsSection(
  "pipelines",
  () => import("../../features/settings/pipelines/PipelinesPage"),
  "PipelinesPage",
);
const settingsCustomFieldsRoute = settingsSection(
  "custom-fields",
  () => import("../../features/settings/custom-fields/CustomFieldsPage"),
  "CustomFieldsPage",
);
const settingsSecurityRoute = settingsSection(
  "security",
  () => import("../../features/settings/security/SecuritySettingsPage"),
  "SecuritySettingsPage",
);
const settingsAuditRoute = settingsSection(
  "audit-log",
  () => import("../../features/settings/audit/AuditLogPage"),
  "AuditLogPage",
);
const settingsSmsRoute = settingsSection(
  "sms",
  () => import("../../features/sms/SmsProvidersPage"),
  "SmsProvidersPage",
);
const settingsWebhooksRoute = settingsSection(
  "webhooks",
  () => import("../../features/webhooks/WebhooksPage"),
  "WebhooksPage",
);
const settingsAutomationsRoute = settingsSection(
  "automations",
  () => import("../../features/automations/AutomationsPage"),
  "AutomationsPage",
);

const settingsCalendarRoute = settingsSection(
  "calendar",
  () => import("../../features/settings/calendar/BusinessCalendarPage"),
  "BusinessCalendarPage",
);

const settingsTargetsRoute = settingsSection(
  "targets",
  () => import("../../features/settings/targets/TargetsPage"),
  "TargetsPage",
);

/** `/settings` with its sections attached, ready to be a child of the app route. */
export const settingsRouteTree = settingsRoute.addChildren([
  settingsIndexRoute,
  settingsUsersRoute,
  settingsTeamsRoute,
  settingsRolesRoute,
  settingsPipelinesRoute,
  settingsCustomFieldsRoute,
  settingsSecurityRoute,
  settingsAuditRoute,
  settingsWebhooksRoute,
  settingsSmsRoute,
  settingsAutomationsRoute,
  settingsCalendarRoute,
  settingsTargetsRoute,
]);
