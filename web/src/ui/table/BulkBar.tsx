import { Button, CloseButton, Group, Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface BulkAction {
  key: string;
  label: string;
  icon?: ReactNode;
  color?: string;
  onClick: () => void;
}

/** Appears while rows are selected: the count and the actions that apply to the selection. */
export function BulkBar({
  count,
  actions,
  onClear,
}: {
  count: number;
  actions: BulkAction[];
  onClear: () => void;
}) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Paper withBorder shadow="sm" p="xs" radius="md" role="toolbar" aria-label={t("table.bulkActions")}>
      <Group gap="xs" wrap="wrap">
        <CloseButton size="sm" aria-label={t("table.clearSelection")} onClick={onClear} />
        <Text size="sm" fw={600} mr="sm">
          {t("table.selected", { count })}
        </Text>
        {actions.map((action) => (
          <Button
            key={action.key}
            size="xs"
            variant="light"
            color={action.color}
            leftSection={action.icon}
            onClick={action.onClick}
          >
            {action.label}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}
