import { Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CellValue } from "../../ui/table/cells";
import { EditableCell } from "../../ui/table/EditableCell";
import type { ColumnSpec, RowBase } from "../../ui/table/types";

/** Editable fields of a record page: standard ones first, then custom fields by their group. */
export function FieldGroups({
  columns,
  record,
  hidden,
  onCommit,
}: {
  columns: ColumnSpec[];
  record: RowBase;
  hidden: readonly string[];
  onCommit: (row: RowBase, key: string, value: unknown) => Promise<void>;
}) {
  const { t } = useTranslation();
  const groups = new Map<string, ColumnSpec[]>();
  for (const column of columns) {
    if (hidden.includes(column.key)) continue;
    const group = column.custom ? column.group || t("records.customFields") : t("records.details");
    groups.set(group, [...(groups.get(group) ?? []), column]);
  }
  return (
    <Stack gap="md">
      {[...groups.entries()].map(([group, list]) => (
        <Paper key={group} withBorder p="md" radius="md">
          <Title order={2} size="h5" mb="sm">
            {group}
          </Title>
          {/* A definition list: each label is bound to its value, with room between one field's value and the
              next field's label, so "Ana" and "Middle name" never read as one line. */}
          <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm" m={0}>
            {list.map((column) => (
              <div
                key={column.key}
                data-testid="record-field"
                data-field={column.key}
                style={{ minWidth: 0 }}
              >
                <Text component="dt" size="xs" c="dimmed" fw={500} mb={2}>
                  {column.label}
                </Text>
                <dd style={{ margin: 0, minWidth: 0 }}>
                  {column.editable ? (
                    <EditableCell column={column} row={record} onCommit={onCommit} standalone />
                  ) : (
                    <div style={{ minHeight: 24, display: "flex", alignItems: "center" }}>
                      <CellValue column={column} row={record} inline />
                    </div>
                  )}
                </dd>
              </div>
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
