import { Button, Menu } from "@mantine/core";
import { IconChevronDown, IconLanguage } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../i18n/languages";
import { LanguageMenuItems } from "./LanguageMenuItems";
import { useLanguage } from "./useLanguage";

/** Compact language picker, usable before sign-in. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const current = LANGUAGES.find((entry) => entry.code === language) ?? LANGUAGES[0];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          aria-label={t("language.change", { language: current.nativeName })}
        >
          <span lang={current.code}>{current.nativeName}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("language.label")}</Menu.Label>
        <LanguageMenuItems />
      </Menu.Dropdown>
    </Menu>
  );
}
