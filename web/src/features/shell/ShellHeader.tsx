import { Burger, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { Logo } from "../../ui/Logo";
import { NotificationBell } from "../notifications";
import { SearchSpotlight } from "../search";
import { QuickCreateMenu } from "./QuickCreateMenu";
import { UserMenu } from "./UserMenu";

interface ShellHeaderProps {
  me: Me;
  navOpened: boolean;
  onToggleNav: () => void;
}

export function ShellHeader({ me, navOpened, onToggleNav }: ShellHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px={{ base: "xs", sm: "md" }} justify="space-between" wrap="nowrap" gap="xs">
      <Group gap="xs" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={t("nav.toggle")}
          aria-expanded={navOpened}
        />
        <Logo />
        <Text fw={700} visibleFrom="xs" style={{ whiteSpace: "nowrap" }}>
          {t("app.name")}
        </Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        <SearchSpotlight />
        <QuickCreateMenu />
        <NotificationBell />
        <UserMenu me={me} />
      </Group>
    </Group>
  );
}
