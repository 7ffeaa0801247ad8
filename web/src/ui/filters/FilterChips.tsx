import { Badge, Button, CloseButton, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ColumnSpec } from "../table/types";
import { type BuilderGroup, type BuilderItem, conditionsOf } from "./model";
import { useValueLabels } from "./valueLabels";

function remove(group: BuilderGroup, id: string): BuilderGroup {
  return {
    ...group,
    items: group.items
      .filter((item) => item.id !== id)
      .map((item): BuilderItem => (item.kind === "group" ? remove(item, id) : item)),
  };
}

/** A chip per active condition (removable), worded as people read it (`useValueLabels`), and "clear all". */
export function FilterChips({
  fields,
  value,
  onChange,
}: {
  fields: ColumnSpec[];
  value: BuilderGroup;
  onChange: (g: BuilderGroup) => void;
}) {
  const { t } = useTranslation();
  const labels = useValueLabels();
  const conditions = conditionsOf(value);
  if (conditions.length === 0) return null;
  return (
    <Group gap={6} aria-label={t("filters.active")} role="list">
      {conditions.map((c) => (
        <Badge
          key={c.id}
          role="listitem"
          variant="light"
          size="lg"
          radius="sm"
          tt="none"
          rightSection={
            <CloseButton
              size="xs"
              aria-label={t("filters.removeCondition")}
              onClick={() => onChange(remove(value, c.id))}
            />
          }
        >
          {labels.describe(fields, c)}
        </Badge>
      ))}
      <Button size="compact-xs" variant="subtle" onClick={() => onChange({ ...value, items: [] })}>
        {t("filters.clear")}
      </Button>
    </Group>
  );
}
