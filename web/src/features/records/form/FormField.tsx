import { TextInput } from "@mantine/core";
import { FieldInput } from "../../../ui/table/FieldInput";
import type { ColumnSpec } from "../../../ui/table/types";
import { RecordPicker } from "../RecordPicker";

interface InputProps {
  value?: unknown;
  onChange: (value: unknown) => void;
  error?: unknown;
}

const PICKABLE = new Set(["companies", "contacts", "deals"]);

/** One standard field of a record form: the input its metadata type calls for (links: a record picker). */
export function FormField({
  column,
  required,
  autoFocus,
  inputProps,
}: {
  column: ColumnSpec;
  required: boolean;
  autoFocus: boolean;
  inputProps: InputProps;
}) {
  const error = typeof inputProps.error === "string" ? inputProps.error : null;
  if (column.type === "link" && column.linkEntity && PICKABLE.has(column.linkEntity))
    return (
      <RecordPicker
        entity={column.linkEntity as "companies"}
        label={column.label}
        value={(inputProps.value as string | null) ?? null}
        onChange={inputProps.onChange}
        error={error}
        required={required}
      />
    );
  if (required && column.type === "text")
    return (
      <TextInput
        label={column.label}
        required
        data-autofocus={autoFocus || undefined}
        value={typeof inputProps.value === "string" ? inputProps.value : ""}
        onChange={(event) => inputProps.onChange(event.currentTarget.value)}
        error={error}
      />
    );
  return (
    <FieldInput
      column={column}
      label={column.label}
      value={inputProps.value}
      onChange={inputProps.onChange}
      error={error}
      autoFocus={autoFocus}
    />
  );
}
