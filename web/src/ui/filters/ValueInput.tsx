import { Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { DateField } from "../dates/DateField";
import { DateTimeField } from "../dates/DateTimeField";
import { useProfileTimeZone } from "../dates/useProfileTimeZone";
import { useTableEnv } from "../table/TableEnv";
import type { ColumnSpec } from "../table/types";
import { type Operator, RELATIVE_DATES, takesList, takesNoValue } from "./model";
import { useValueLabels } from "./valueLabels";

interface Props {
  field: ColumnSpec;
  op: Operator;
  value: unknown;
  onChange: (value: unknown) => void;
}

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));
const strings = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);

/** The value input of a filter condition, by field type and operator. */
export function ValueInput({ field, op, value, onChange }: Props) {
  const { t } = useTranslation();
  const env = useTableEnv();
  const labels = useValueLabels();
  const label = t("filters.value");
  if (takesNoValue(op)) return null;
  if (op === "relative") {
    return (
      <Select
        aria-label={label}
        size="xs"
        data={RELATIVE_DATES.map((r) => ({ value: r, label: t(`filters.relative.${r}`) }))}
        value={str(value) || null}
        onChange={onChange}
      />
    );
  }
  const options = labels.options(field);
  if (op === "between") {
    const [from, to] = Array.isArray(value) ? value : [null, null];
    const set = (index: 0 | 1, v: unknown) => onChange(index === 0 ? [v, to ?? null] : [from ?? null, v]);
    return (
      <Group gap={4} wrap="nowrap">
        <Scalar field={field} value={from} onChange={(v) => set(0, v)} label={t("filters.from")} />
        <Scalar field={field} value={to} onChange={(v) => set(1, v)} label={t("filters.to")} />
      </Group>
    );
  }
  if (takesList(op) || (op === "contains" && (field.type === "multiSelect" || field.type === "tags"))) {
    if (options.length > 0) {
      return (
        <MultiSelect
          aria-label={label}
          size="xs"
          searchable
          data={options}
          value={strings(value)}
          onChange={onChange}
        />
      );
    }
    return <TagsInput aria-label={label} size="xs" value={strings(value)} onChange={onChange} />;
  }
  if (field.type === "link" && field.linkEntity && env.linkPicker)
    return env.linkPicker({ entity: field.linkEntity, label, value: str(value) || null, onChange });
  if (field.type === "boolean") {
    return (
      <Select
        aria-label={label}
        size="xs"
        data={[
          { value: "true", label: t("table.yes") },
          { value: "false", label: t("table.no") },
        ]}
        value={value === true ? "true" : value === false ? "false" : null}
        onChange={(v) => onChange(v === "true")}
      />
    );
  }
  if (options.length > 0) {
    return (
      <Select
        aria-label={label}
        size="xs"
        searchable
        data={options}
        value={str(value) || null}
        onChange={onChange}
      />
    );
  }
  return <Scalar field={field} value={value} onChange={onChange} label={label} />;
}

function Scalar({
  field,
  value,
  onChange,
  label,
}: {
  field: ColumnSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
}) {
  const profileZone = useProfileTimeZone();
  const timeZone = useTableEnv().timeZone ?? profileZone;
  if (field.type === "date") {
    return <DateField label={label} value={str(value) || null} onChange={onChange} />;
  }
  if (field.type === "dateTime") {
    return (
      <DateTimeField
        label={label}
        timeZone={timeZone}
        allowDateOnly
        value={str(value) || null}
        onChange={onChange}
      />
    );
  }
  if (field.type === "number" || field.type === "money") {
    return (
      <NumberInput
        aria-label={label}
        size="xs"
        value={str(value)}
        onChange={(v) => onChange(v === "" ? null : String(v))}
      />
    );
  }
  return (
    <TextInput
      aria-label={label}
      size="xs"
      value={str(value)}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
