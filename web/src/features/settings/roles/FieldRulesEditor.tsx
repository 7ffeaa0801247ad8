import { Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useEntities, useEntityLabel } from "../../records";
import { fieldMetaQuery } from "../api";
import { humanizeKey, RowsSkeleton } from "../common";
import { type FieldRule, type FieldRuleMap, setFieldRule } from "./permissionModel";

interface FieldRulesEditorProps {
  rules: FieldRuleMap;
  onChange: (rules: FieldRuleMap) => void;
  /** Defaults to the server's entities with fields (`GET /api/v1/meta/entities`). */
  entities?: readonly string[];
}

/** Per entity, each field visible (default), read-only or hidden for this role. */
export function FieldRulesEditor({ rules, onChange, entities: only }: FieldRulesEditorProps) {
  const { t } = useTranslation();
  const entityLabel = useEntityLabel();
  const declared = useEntities().filter(
    (e) => e.capabilities.customFields && (!only || only.includes(e.name)),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const entity = chosen ?? declared[0]?.name ?? null;
  const fields = useQuery({ ...fieldMetaQuery(entity ?? ""), enabled: entity !== null });
  const ruleData = [
    { value: "write", label: t("settings.roles.fieldWrite") },
    { value: "readonly", label: t("settings.roles.fieldReadonly") },
    { value: "hidden", label: t("settings.roles.fieldHidden") },
  ];
  return (
    <Stack gap="xs">
      <Select
        label={t("settings.roles.fieldRulesFor")}
        data={declared.map((e) => ({
          value: e.name,
          label: t(`settings.entity.${e.name}`, { defaultValue: entityLabel(e) }),
        }))}
        value={entity}
        allowDeselect={false}
        onChange={(value) => value && setChosen(value)}
        maw={280}
      />
      {fields.isPending && <RowsSkeleton rows={4} height={30} />}
      {entity &&
        (fields.data ?? [])
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
