import { Badge, Button, CloseButton, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { useTableEnv } from "../table/TableEnv";
import type { ColumnSpec } from "../table/types";
import { type BuilderCondition, type BuilderGroup, type BuilderItem, conditionsOf } from "./model";

function remove(group: BuilderGroup, id: string): BuilderGroup {
  return {
    ...group,
    items: group.items
      .filter((item) => item.id !== id)
      .map((item): BuilderItem => (item.kind === "group" ? remove(item, id) : item)),
  };
}

/** A chip per active condition (removable) and "clear all". */
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
  const env = useTableEnv();
  const format = useFormat(env.timeZone);
  const conditions = conditionsOf(value);
  if (conditions.length === 0) return null;
  const describe = (c: BuilderCondition): string => {
    const field = fields.find((f) => f.key === c.field);
    const show = (v: unknown): string => {
      if (Array.isArray(v)) return v.map(show).join(", ");
      if (v === "me") return t("filters.me");
      if (field?.type === "user") return env.users.get(String(v))?.name ?? String(v);
      if (field?.type === "link" && field.linkEntity)
        return env.linkName?.(field.linkEntity, String(v)) || "…";
      if (c.op === "relative") return t(`filters.relative.${String(v)}`);
      if (field?.type === "dateTime" && typeof v === "string") return format.dateTime(v);
      if (typeof v === "boolean") return v ? t("table.yes") : t("table.no");
      return field?.options?.find((o) => o.value === v)?.label ?? String(v ?? "");
    };
    const valueText = c.op === "isEmpty" || c.op === "isNotEmpty" ? "" : ` ${show(c.value)}`;
    return `${field?.label ?? c.field} ${t(`filters.ops.${c.op}`)}${valueText}`;
  };
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
          {describe(c)}
        </Badge>
      ))}
      <Button size="compact-xs" variant="subtle" onClick={() => onChange({ ...value, items: [] })}>
        {t("filters.clear")}
      </Button>
    </Group>
  );
}
