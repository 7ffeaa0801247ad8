import { Button, CloseButton, Group, Paper, Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface BulkAction {
  key: string;
  label: string;
  icon?: ReactNode;
  color?: string;
  onClick: () => void;
  /** Why the action cannot run on this selection (shown disabled, the reason in a tooltip); absent: enabled. */
  disabledReason?: string | null;
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
        {actions.map((action) =>
          action.disabledReason ? (
            // A disabled <button> swallows pointer events, so the reason would never show: aria-disabled instead.
            <Tooltip
              key={action.key}
              label={action.disabledReason}
              multiline
              maw={280}
              events={{ hover: true, focus: true, touch: true }}
            >
              <Button
                size="xs"
                variant="light"
                color={action.color}
                leftSection={action.icon}
                data-disabled
                aria-disabled="true"
                onClick={(event) => event.preventDefault()}
              >
                {action.label}
              </Button>
            </Tooltip>
          ) : (
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
          ),
        )}
      </Group>
    </Paper>
  );
}
