import { Button, Checkbox, Popover, ScrollArea, Stack, Text, TextInput } from "@mantine/core";
import { IconColumns } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ColumnSpec } from "./types";

/** Show/hide columns (order is changed by dragging the headers). */
export function ColumnChooser({
  columns,
  visible,
  onChange,
}: {
  columns: ColumnSpec[];
  visible: string[];
  onChange: (visible: string[]) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const shown = new Set(visible);
  const matches = columns.filter((c) => c.label.toLowerCase().includes(query.trim().toLowerCase()));
  const toggle = (key: string, on: boolean) =>
    onChange(on ? [...visible, key] : visible.filter((k) => k !== key));
  return (
    <Popover position="bottom-end" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns size={16} />}>
          {t("table.columns")}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            size="xs"
            aria-label={t("table.findColumn")}
            placeholder={t("table.findColumn")}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          <ScrollArea.Autosize mah={320}>
            <Stack gap={6}>
              {matches.map((column) => (
                <Checkbox
                  key={column.key}
                  size="xs"
                  label={column.label}
                  checked={shown.has(column.key)}
                  disabled={shown.has(column.key) && visible.length === 1}
                  onChange={(e) => toggle(column.key, e.currentTarget.checked)}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Text size="xs" c="dimmed">
            {t("table.reorderHint")}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
