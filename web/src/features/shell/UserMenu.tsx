import { Avatar, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconLogout, IconMail, IconMoon, IconShieldLock, IconSun, IconUserCircle } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { useThemeToggle } from "../../ui/ThemeToggle";
import { useSignOut } from "../auth";
import { LanguageMenuItems } from "../preferences";

function initials(me: Me): string {
  const source = me.name.trim() || me.email;
  const parts = source.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ""}${parts[1]?.[0] ?? ""}` : source.slice(0, 2);
  return letters.toUpperCase();
}

export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const theme = useThemeToggle();
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("user.menu")} style={{ borderRadius: "50%" }}>
          <Avatar src={me.avatarUrl} alt="" color="indigo" radius="xl" size={34}>
            {initials(me)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {me.name || me.email}
          </Text>
          <Text size="xs" truncate>
            {t("user.signedInAs", { email: me.email })}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Label>{t("language.label")}</Menu.Label>
        <LanguageMenuItems />
        <Menu.Divider />
        <Menu.Item
          leftSection={theme.isDark ? <IconSun size={16} aria-hidden /> : <IconMoon size={16} aria-hidden />}
          onClick={theme.toggle}
          closeMenuOnClick={false}
        >
          {theme.isDark ? t("theme.useLight") : t("theme.useDark")}
        </Menu.Item>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t("user.profile")}
        </Menu.Item>
        <Menu.Item component={Link} to="/security" leftSection={<IconShieldLock size={16} aria-hidden />}>
          {t("user.security")}
        </Menu.Item>
        <Menu.Item component={Link} to="/mailboxes" leftSection={<IconMail size={16} aria-hidden />}>
          {t("user.mailboxes")}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void signOut()}
        >
          {t("user.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
