import { ActionIcon, Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export interface ConditionValues {
  field: string;
  op: "changed" | "eq" | "ne" | "in";
  value: string;
}

const OPS = ["changed", "eq", "ne", "in"] as const;

/** Optional conditions on the event's field changes (field names as in the event payload, `custom.<key>`). */
export function FilterEditor({
  match,
  conditions,
  onMatch,
  onChange,
  errorFor,
}: {
  match: "all" | "any";
  conditions: ConditionValues[];
  onMatch: (match: "all" | "any") => void;
  onChange: (conditions: ConditionValues[]) => void;
  errorFor: (index: number) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<ConditionValues>) =>
    onChange(conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t("webhooks.filter")}
      </Text>
      <Text size="xs" c="dimmed">
        {t("webhooks.filterHint")}
      </Text>
      {conditions.length > 1 && (
        <SegmentedControl
          size="xs"
          value={match}
          onChange={(v) => onMatch(v as "all" | "any")}
          data={[
            { value: "all", label: t("webhooks.match.all") },
            { value: "any", label: t("webhooks.match.any") },
          ]}
        />
      )}
      {conditions.map((condition, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={t("webhooks.field")}
            placeholder={t("webhooks.field")}
            value={condition.field}
            onChange={(e) => set(index, { field: e.currentTarget.value })}
            error={errorFor(index)}
            style={{ flex: 1 }}
          />
          <Select
            aria-label={t("webhooks.operator")}
            value={condition.op}
            onChange={(op) => set(index, { op: (op ?? "eq") as ConditionValues["op"] })}
            data={OPS.map((op) => ({ value: op, label: t(`webhooks.ops.${op}`) }))}
            allowDeselect={false}
            w={150}
          />
          {condition.op !== "changed" && (
            <TextInput
              aria-label={t("webhooks.value")}
              placeholder={condition.op === "in" ? t("webhooks.valueListHint") : t("webhooks.value")}
              value={condition.value}
              onChange={(e) => set(index, { value: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
          )}
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("webhooks.removeCondition")}
            onClick={() => onChange(conditions.filter((_, i) => i !== index))}
            mt={4}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...conditions, { field: "", op: "eq", value: "" }])}
        >
          {t("webhooks.addCondition")}
        </Button>
      </Group>
    </Stack>
  );
}
