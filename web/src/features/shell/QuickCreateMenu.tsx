import { ActionIcon, Menu } from "@mantine/core";
import {
  IconAddressBook,
  IconBuilding,
  IconChecklist,
  IconCoin,
  IconFileImport,
  IconPlus,
} from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

const ITEMS = [
  { key: "company", to: "/companies", icon: IconBuilding },
  { key: "contact", to: "/contacts", icon: IconAddressBook },
  { key: "deal", to: "/deals", icon: IconCoin },
  { key: "task", to: "/tasks", icon: IconChecklist },
  { key: "import", to: "/import", icon: IconFileImport },
] as const;

/** "Create…" menu; the create forms arrive with each section, for now it opens the section. */
export function QuickCreateMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="filled" size="lg" radius="xl" aria-label={t("quickCreate.open")}>
          <IconPlus size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("quickCreate.open")}</Menu.Label>
        {ITEMS.map((item) => (
          <Menu.Item
            key={item.key}
            leftSection={<item.icon size={16} aria-hidden />}
            onClick={() => void navigate({ to: item.to })}
          >
            {t(`quickCreate.${item.key}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
