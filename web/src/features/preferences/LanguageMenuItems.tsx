import { Menu } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { LANGUAGES } from "../../i18n/languages";
import { useLanguage } from "./useLanguage";

/** One menu item per language, each labelled in its own language; for use inside any Mantine Menu. */
export function LanguageMenuItems() {
  const { language, changeLanguage } = useLanguage();
  return LANGUAGES.map((entry) => {
    const active = entry.code === language;
    return (
      <Menu.Item
        key={entry.code}
        lang={entry.code}
        aria-current={active ? "true" : undefined}
        rightSection={active ? <IconCheck size={16} aria-hidden /> : null}
        onClick={() => void changeLanguage(entry.code)}
      >
        {entry.nativeName}
      </Menu.Item>
    );
  });
}
