import { ActionIcon, Button, Group, Stack, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A labelled list of sub-rows (phones, e-mails, tax ids, addresses…) with add/remove. */
export function RepeatedRows<T>({
  label,
  items,
  onAdd,
  onRemove,
  render,
}: {
  label: string;
  items: T[];
  onAdd: () => void;
  onRemove: (index: number) => void;
  render: (item: T, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, by position
        <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
          <div style={{ flex: 1, minWidth: 0 }}>{render(item, index)}</div>
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={4}
            onClick={() => onRemove(index)}
            aria-label={t("records.removeRow")}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        onClick={onAdd}
        style={{ alignSelf: "flex-start" }}
      >
        {t("records.addRow")}
      </Button>
    </Stack>
  );
}
