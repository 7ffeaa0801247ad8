import type { Me } from "../../api/types";

export type AdminPermission =
  | "settings.manage"
  | "users.manage"
  | "teams.manage"
  | "roles.manage"
  | "audit.read"
  | "customFields.manage"
  | "pipelines.manage"
  | "templates.manage"
  | "webhooks.manage"
  | "automations.manage";

/** Whether `me` holds `permission` (the Administrator role holds `*`). */
export function hasAdminPermission(me: Pick<Me, "adminPermissions">, permission: AdminPermission): boolean {
  return me.adminPermissions.includes("*") || me.adminPermissions.includes(permission);
}

/** Anyone with at least one administrative permission sees (part of) the settings area. */
export function canOpenSettings(me: Pick<Me, "adminPermissions" | "isAdmin">): boolean {
  return me.isAdmin || me.adminPermissions.length > 0;
}

export type SettingsSegment =
  | "users"
  | "teams"
  | "roles"
  | "pipelines"
  | "custom-fields"
  | "security"
  | "audit-log"
  | "sms"
  | "webhooks"
  | "automations"
  | "calendar"
  | "targets";
export type SettingsPath = `/settings/${SettingsSegment}`;

export interface SettingsSection {
  to: SettingsPath;
  labelKey: string;
  permission: AdminPermission;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { to: "/settings/users", labelKey: "settings.nav.users", permission: "users.manage" },
  { to: "/settings/teams", labelKey: "settings.nav.teams", permission: "teams.manage" },
  { to: "/settings/roles", labelKey: "settings.nav.roles", permission: "roles.manage" },
  {
    to: "/settings/pipelines",
    labelKey: "settings.nav.pipelines",
    permission: "pipelines.manage",
  },
  {
    to: "/settings/custom-fields",
    labelKey: "settings.nav.customFields",
    permission: "customFields.manage",
  },
  {
    to: "/settings/security",
    labelKey: "settings.nav.security",
    permission: "settings.manage",
  },
  { to: "/settings/audit-log", labelKey: "settings.nav.audit", permission: "audit.read" },
  { to: "/settings/calendar", labelKey: "settings.nav.calendar", permission: "settings.manage" },
  { to: "/settings/targets", labelKey: "settings.nav.targets", permission: "settings.manage" },
  { to: "/settings/sms", labelKey: "settings.nav.sms", permission: "settings.manage" },
  { to: "/settings/webhooks", labelKey: "settings.nav.webhooks", permission: "webhooks.manage" },
  {
    to: "/settings/automations",
    labelKey: "settings.nav.automations",
    permission: "automations.manage",
  },
];

export function allowedSections(me: Pick<Me, "adminPermissions">): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((section) => hasAdminPermission(me, section.permission));
}

export function sectionFor(path: SettingsPath): SettingsSection | undefined {
  return SETTINGS_SECTIONS.find((section) => section.to === path);
}
