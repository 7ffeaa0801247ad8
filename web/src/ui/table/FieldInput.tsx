import { Checkbox, MultiSelect, NumberInput, Select, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { localeData } from "../../i18n/localeData";
import { DateField } from "../dates/DateField";
import { DateTimeField } from "../dates/DateTimeField";
import { useProfileTimeZone } from "../dates/useProfileTimeZone";
import { AmountInput } from "../money/AmountInput";
import { FieldBoundary } from "./FieldBoundary";
import { useTableEnv } from "./TableEnv";
import type { ColumnSpec, FieldOption } from "./types";
import { stringList } from "./values";

export interface FieldInputProps {
  column: ColumnSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string | null;
  label?: string;
  autoFocus?: boolean;
  onSubmit?: () => void;
}

const str = (value: unknown): string =>
  typeof value === "string" ? value : value == null ? "" : String(value);

/**
 * An input for one field value, chosen by the field type (forms, inline editing, filters). A field that
 * cannot render shows an inline error, never takes the form down.
 */
export function FieldInput(props: FieldInputProps) {
  const { column } = props;
  return (
    <FieldBoundary
      label={props.label ?? column.label}
      resetKey={`${column.key}|${column.type}|${JSON.stringify(column.options ?? null)}`}
    >
      <TypedInput {...props} />
    </FieldBoundary>
  );
}

/** Choices a select can show: one per value (a definition stored before the server checked it may repeat one). */
export function selectableOptions(options: readonly FieldOption[]): FieldOption[] {
  const seen = new Set<string>();
  const out: FieldOption[] = [];
  for (const option of options) {
    const value = String(option.value ?? "");
    if (!value || seen.has(value)) continue;
    seen.add(value);
    out.push({ value, label: String(option.label || value) });
  }
  return out;
}

function TypedInput({ column, value, onChange, error, label, autoFocus, onSubmit }: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const numbers = localeData(i18n.resolvedLanguage ?? i18n.language);
  const env = useTableEnv();
  const profileZone = useProfileTimeZone();
  const common = {
    label: label ?? column.label,
    error: error ?? undefined,
    autoFocus,
    size: "sm" as const,
  };
  const submitOnEnter = (event: React.KeyboardEvent) => {
    if (event.key === "Enter" && onSubmit) {
      event.preventDefault();
      onSubmit();
    }
  };
  const options = column.options ? selectableOptions(column.options) : [];
  switch (column.type) {
    case "longText":
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={8}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "number":
      return (
        <NumberInput
          {...common}
          decimalSeparator={numbers.decimal}
          thousandSeparator={numbers.group}
          value={typeof value === "number" ? value : str(value)}
          onChange={(v) => onChange(v === "" ? null : Number(v))}
          onKeyDown={submitOnEnter}
        />
      );
    case "money":
      return (
        <AmountInput {...common} value={str(value) || null} onChange={onChange} onKeyDown={submitOnEnter} />
      );
    case "date":
      return (
        <DateField
          {...common}
          birthday={/birth/i.test(column.key)}
          value={str(value) || null}
          onChange={onChange}
          onKeyDown={submitOnEnter}
        />
      );
    case "dateTime":
      return (
        <DateTimeField
          {...common}
          timeZone={env.timeZone ?? profileZone}
          value={str(value) || null}
          onChange={onChange}
        />
      );
    case "boolean":
      return (
        <Checkbox
          label={common.label}
          error={common.error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          autoFocus={autoFocus}
        />
      );
    case "select":
      return (
        <Select
          {...common}
          clearable
          searchable
          data={options}
          value={str(value) || null}
          onChange={(v) => onChange(v)}
        />
      );
    case "multiSelect":
      return (
        <MultiSelect
          {...common}
          clearable
          searchable
          data={options}
          value={stringList(value)}
          onChange={onChange}
        />
      );
    case "tags":
      return <TagsInput {...common} clearable value={stringList(value)} onChange={onChange} />;
    case "user":
      return (
        <Select
          {...common}
          searchable
          data={[...env.users.values()].map((u) => ({ value: u.id, label: u.name }))}
          value={str(value) || null}
          onChange={(v) => onChange(v)}
          nothingFoundMessage={t("table.nothingFound")}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={
            column.type === "email"
              ? "email"
              : column.type === "url"
                ? "url"
                : column.type === "phone"
                  ? "tel"
                  : "text"
          }
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={submitOnEnter}
        />
      );
  }
}
