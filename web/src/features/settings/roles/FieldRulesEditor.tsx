import { Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CUSTOM_FIELD_ENTITIES, fieldMetaQuery } from "../api";
import { humanizeKey, RowsSkeleton } from "../common";
import { type FieldRule, type FieldRuleMap, setFieldRule } from "./permissionModel";

interface FieldRulesEditorProps {
  rules: FieldRuleMap;
  onChange: (rules: FieldRuleMap) => void;
  entities?: readonly string[];
}

/** Per entity, each field visible (default), read-only or hidden for this role. */
export function FieldRulesEditor({
  rules,
  onChange,
  entities = CUSTOM_FIELD_ENTITIES,
}: FieldRulesEditorProps) {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<string>(entities[0] ?? "companies");
  const fields = useQuery(fieldMetaQuery(entity));
  const ruleData = [
    { value: "write", label: t("settings.roles.fieldWrite") },
    { value: "readonly", label: t("settings.roles.fieldReadonly") },
    { value: "hidden", label: t("settings.roles.fieldHidden") },
  ];
  return (
    <Stack gap="xs">
      <Select
        label={t("settings.roles.fieldRulesFor")}
        data={entities.map((value) => ({
          value,
          label: t(`settings.entity.${value}`, { defaultValue: value }),
        }))}
        value={entity}
        allowDeselect={false}
        onChange={(value) => value && setEntity(value)}
        maw={280}
      />
      {fields.isPending && <RowsSkeleton rows={4} height={30} />}
      {(fields.data ?? [])
        .filter((field) => field.key !== "id")
        .map((field) => {
          // Built-in fields in the interface language (as in tables and filters); custom fields by their label.
          const fallback = field.label ?? humanizeKey(field.key);
          const label = field.custom
            ? fallback
            : t(`fields.${entity}.${field.key}`, { defaultValue: fallback });
          return (
            <Group key={field.key} justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm">{label}</Text>
              <SegmentedControl
                size="xs"
                aria-label={t("settings.roles.fieldRuleLabel", { field: label })}
                data={ruleData}
                value={rules[entity]?.[field.key] ?? "write"}
                onChange={(value) =>
                  onChange(setFieldRule(rules, entity, field.key, value as FieldRule | "write"))
                }
              />
            </Group>
          );
        })}
    </Stack>
  );
}
