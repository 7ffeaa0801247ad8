import { ActionIcon, Button, Kbd, Text } from "@mantine/core";
import { useOs } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** Wide search field look-alike on desktop, an icon button on phones. */
export function SearchTrigger({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const os = useOs();
  const shortcut = os === "macos" || os === "ios" ? "⌘ K" : t("search.shortcut");
  return (
    <>
      <Button
        visibleFrom="sm"
        variant="default"
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={<Kbd size="xs">{shortcut}</Kbd>}
        onClick={onOpen}
        aria-keyshortcuts="Control+K Meta+K"
        w={240}
        justify="space-between"
        styles={{ label: { flexGrow: 1 } }}
      >
        <Text size="sm" c="dimmed" component="span">
          {t("search.open")}
        </Text>
      </Button>
      <ActionIcon
        hiddenFrom="sm"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={t("search.open")}
        aria-keyshortcuts="Control+K Meta+K"
        onClick={onOpen}
      >
        <IconSearch size={20} aria-hidden />
      </ActionIcon>
    </>
  );
}
