import { ActionIcon, Button, Group, Paper, SegmentedControl, Select, Stack } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ColumnSpec } from "../table/types";
import {
  type BuilderCondition,
  type BuilderGroup,
  type BuilderItem,
  defaultOperator,
  emptyGroup,
  MAX_DEPTH,
  newId,
  takesList,
} from "./model";
import { ValueInput } from "./ValueInput";

interface Props {
  fields: ColumnSpec[];
  value: BuilderGroup;
  onChange: (value: BuilderGroup) => void;
}

/** AND/OR groups of conditions (nested up to three levels) over the entity's filterable fields. */
export function FilterBuilder({ fields, value, onChange }: Props) {
  return (
    <GroupEditor fields={fields.filter((f) => f.filterable)} group={value} depth={1} onChange={onChange} />
  );
}

function GroupEditor({
  fields,
  group,
  depth,
  onChange,
  onRemove,
}: {
  fields: ColumnSpec[];
  group: BuilderGroup;
  depth: number;
  onChange: (group: BuilderGroup) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const setItem = (index: number, item: BuilderItem) =>
    onChange({ ...group, items: group.items.map((old, i) => (i === index ? item : old)) });
  const removeItem = (index: number) =>
    onChange({ ...group, items: group.items.filter((_, i) => i !== index) });
  const addCondition = () => {
    const first = fields[0];
    if (!first) return;
    const condition: BuilderCondition = {
      kind: "condition",
      id: newId(),
      field: first.key,
      op: defaultOperator(first.type, first.operators ?? []),
      value: null,
    };
    onChange({ ...group, items: [...group.items, condition] });
  };
  const addGroup = () =>
    onChange({ ...group, items: [...group.items, emptyGroup(group.combinator === "and" ? "or" : "and")] });
  return (
    <Paper
      withBorder={depth > 1}
      p={depth > 1 ? "xs" : 0}
      radius="sm"
      role="group"
      aria-label={t("filters.group", { level: depth })}
    >
      <Stack gap="xs">
        <Group gap="xs" justify="space-between">
          <SegmentedControl
            size="xs"
            aria-label={t("filters.combinator")}
            value={group.combinator}
            onChange={(v) => onChange({ ...group, combinator: v === "or" ? "or" : "and" })}
            data={[
              { value: "and", label: t("filters.and") },
              { value: "or", label: t("filters.or") },
            ]}
          />
          {onRemove ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={onRemove}
              aria-label={t("filters.removeGroup")}
            >
              <IconTrash size={16} />
            </ActionIcon>
          ) : null}
        </Group>
        {group.items.map((item, index) =>
          item.kind === "group" ? (
            <GroupEditor
              key={item.id}
              fields={fields}
              group={item}
              depth={depth + 1}
              onChange={(g) => setItem(index, g)}
              onRemove={() => removeItem(index)}
            />
          ) : (
            <ConditionRow
              key={item.id}
              fields={fields}
              condition={item}
              onChange={(c) => setItem(index, c)}
              onRemove={() => removeItem(index)}
            />
          ),
        )}
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={addCondition}>
            {t("filters.addCondition")}
          </Button>
          {depth < MAX_DEPTH ? (
            <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={addGroup}>
              {t("filters.addGroup")}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

function ConditionRow({
  fields,
  condition,
  onChange,
  onRemove,
}: {
  fields: ColumnSpec[];
  condition: BuilderCondition;
  onChange: (c: BuilderCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const field = fields.find((f) => f.key === condition.field);
  const standard = fields.filter((f) => !f.custom).map((f) => ({ value: f.key, label: f.label }));
  const custom = fields.filter((f) => f.custom).map((f) => ({ value: f.key, label: f.label }));
  const fieldData = [
    { group: t("filters.standardFields"), items: standard },
    ...(custom.length > 0 ? [{ group: t("filters.customFields"), items: custom }] : []),
  ];
  const ops = field?.operators ?? [];
  return (
    <Group gap={4} wrap="wrap" align="flex-start">
      <Select
        size="xs"
        w={170}
        searchable
        aria-label={t("filters.field")}
        data={fieldData}
        value={condition.field}
        onChange={(key) => {
          const next = fields.find((f) => f.key === key);
          if (next)
            onChange({
              ...condition,
              field: next.key,
              op: defaultOperator(next.type, next.operators ?? []),
              value: null,
            });
        }}
      />
      <Select
        size="xs"
        w={150}
        aria-label={t("filters.operator")}
        data={ops.map((op) => ({ value: op, label: t(`filters.ops.${op}`) }))}
        value={condition.op}
        onChange={(op) => {
          const next = ops.find((o) => o === op);
          if (!next) return;
          const keepValue =
            takesList(next) === takesList(condition.op) &&
            next !== "relative" &&
            condition.op !== "relative" &&
            next !== "between" &&
            condition.op !== "between";
          onChange({ ...condition, op: next, value: keepValue ? condition.value : null });
        }}
      />
      <div style={{ flex: 1, minWidth: 160 }}>
        {field ? (
          <ValueInput
            field={field}
            op={condition.op}
            value={condition.value}
            onChange={(value) => onChange({ ...condition, value })}
          />
        ) : null}
      </div>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={onRemove}
        aria-label={t("filters.removeCondition")}
        mt={2}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
