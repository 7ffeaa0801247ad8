import {
  type Icon,
  IconAddressBook,
  IconBuilding,
  IconCalendar,
  IconChecklist,
  IconCoin,
  IconLayoutKanban,
  IconSettings,
  IconSunHigh,
} from "@tabler/icons-react";

export interface NavItem {
  to: "/my-day" | "/companies" | "/contacts" | "/deals" | "/pipeline" | "/tasks" | "/calendar" | "/settings";
  labelKey: string;
  icon: Icon;
  adminOnly?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/my-day", labelKey: "nav.myDay", icon: IconSunHigh },
  { to: "/companies", labelKey: "nav.companies", icon: IconBuilding },
  { to: "/contacts", labelKey: "nav.contacts", icon: IconAddressBook },
  { to: "/deals", labelKey: "nav.deals", icon: IconCoin },
  { to: "/pipeline", labelKey: "nav.pipeline", icon: IconLayoutKanban },
  { to: "/tasks", labelKey: "nav.tasks", icon: IconChecklist },
  { to: "/calendar", labelKey: "nav.calendar", icon: IconCalendar },
  { to: "/settings", labelKey: "nav.settings", icon: IconSettings, adminOnly: true },
];
