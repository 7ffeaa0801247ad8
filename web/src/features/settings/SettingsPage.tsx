import { Box, Group, NavLink, ScrollArea, Stack, Text, Title } from "@mantine/core";
import {
  IconAdjustments,
  IconCalendarTime,
  IconHistory,
  IconLayoutKanban,
  IconMessage,
  IconRobot,
  IconShieldLock,
  IconTarget,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../ui/usePageTitle";
import { meQueryOptions } from "../auth";
import { allowedSections, type SettingsPath } from "./access";

const ICONS: Record<SettingsPath, typeof IconUsers> = {
  "/settings/users": IconUsers,
  "/settings/teams": IconUsersGroup,
  "/settings/roles": IconUserShield,
  "/settings/pipelines": IconLayoutKanban,
  "/settings/custom-fields": IconAdjustments,
  "/settings/security": IconShieldLock,
  "/settings/audit-log": IconHistory,
  "/settings/sms": IconMessage,
  "/settings/webhooks": IconWebhook,
  "/settings/automations": IconRobot,
  "/settings/calendar": IconCalendarTime,
  "/settings/targets": IconTarget,
};

/** Settings area: a side navigation of the sections the user may manage, the section on the right. */
function icon(path: SettingsPath) {
  const Icon = ICONS[path];
  return <Icon size={18} aria-hidden />;
}

export function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t("nav.settings"));
  const { data: me } = useQuery(meQueryOptions);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const sections = me ? allowedSections(me) : [];
  return (
    <Stack gap="md">
      <Title order={2}>{t("nav.settings")}</Title>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Box component="nav" aria-label={t("settings.navLabel")} w={{ base: "100%", sm: 220 }}>
          <ScrollArea type="auto" scrollbars="x" offsetScrollbars>
            <Box display={{ base: "flex", sm: "block" }}>
              {sections.map((section) => (
                <NavLink
                  key={section.to}
                  component={Link}
                  to={section.to}
                  label={t(section.labelKey)}
                  leftSection={icon(section.to)}
                  active={pathname.startsWith(section.to)}
                  style={{ whiteSpace: "nowrap" }}
                />
              ))}
            </Box>
          </ScrollArea>
          {sections.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("settings.adminOnly")}
            </Text>
          )}
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} miw={{ base: "100%", sm: 0 }}>
          <Outlet />
        </Box>
      </Group>
    </Stack>
  );
}
