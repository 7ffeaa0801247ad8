import {
  type Icon,
  IconCalendar,
  IconChartBar,
  IconChartPie,
  IconLayoutKanban,
  IconMail,
  IconSettings,
  IconSunHigh,
  IconTemplate,
} from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { screensOf, useEntities, useEntityLabel } from "../records";

type Screen =
  | "/my-day"
  | "/pipeline"
  | "/calendar"
  | "/templates"
  | "/analytics"
  | "/reports"
  | "/conversations"
  | "/settings";

export interface NavItem {
  key: string;
  /** A screen of its own, or the list of an entity (`/$entity`). */
  to: Screen | { entity: string };
  label: string;
  icon: Icon;
  order: number;
  adminOnly?: boolean;
}

// Screens that are not an entity's list, placed among the entities by the same order numbers the server's
// entity declarations use (companies 10, contacts 20, deals 30, tasks 50, …).
const SCREENS: readonly (Omit<NavItem, "label" | "to"> & { to: Screen; labelKey: string })[] = [
  { key: "my-day", to: "/my-day", labelKey: "nav.myDay", icon: IconSunHigh, order: 0 },
  { key: "pipeline", to: "/pipeline", labelKey: "nav.pipeline", icon: IconLayoutKanban, order: 35 },
  { key: "calendar", to: "/calendar", labelKey: "nav.calendar", icon: IconCalendar, order: 55 },
  { key: "templates", to: "/templates", labelKey: "nav.templates", icon: IconTemplate, order: 950 },
  { key: "conversations", to: "/conversations", labelKey: "nav.conversations", icon: IconMail, order: 5 },
  { key: "analytics", to: "/analytics", labelKey: "nav.analytics", icon: IconChartPie, order: 890 },
  { key: "reports", to: "/reports", labelKey: "nav.reports", icon: IconChartBar, order: 900 },
  {
    key: "settings",
    to: "/settings",
    labelKey: "nav.settings",
    icon: IconSettings,
    order: 1000,
    adminOnly: true,
  },
];

/** The main navigation: the screens above and every entity the server places in the navigation. */
export function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const entities = useEntities();
  const label = useEntityLabel();
  return useMemo(() => {
    const screens: NavItem[] = SCREENS.map(({ labelKey, ...item }) => ({ ...item, label: t(labelKey) }));
    const lists: NavItem[] = entities.flatMap((entity) =>
      entity.navigation
        ? [
            {
              key: entity.name,
              to: { entity: entity.name },
              label: t(`nav.${entity.name}`, { defaultValue: label(entity) }),
              icon: screensOf(entity.name).icon,
              order: entity.navigation.order,
            },
          ]
        : [],
    );
    return [...screens, ...lists].sort((a, b) => a.order - b.order);
  }, [entities, label, t]);
}
