import { SimpleGrid } from "@mantine/core";
import { FieldInput } from "../../ui/table/FieldInput";
import type { EntityName } from "./api";
import { useFields } from "./useFields";

/** Inputs for the entity's writable custom fields (values keyed without the `custom.` prefix). */
export function CustomFieldInputs({
  entity,
  values,
  onChange,
  errors,
}: {
  entity: EntityName;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  errors?: Record<string, string | undefined>;
}) {
  const { columns } = useFields(entity);
  const custom = columns.filter((c) => c.custom && c.editable);
  if (custom.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {custom.map((column) => {
        const key = column.key.slice("custom.".length);
        return (
          <FieldInput
            key={column.key}
            column={column}
            value={values[key] ?? null}
            onChange={(value) => onChange({ ...values, [key]: value })}
            error={errors?.[`custom.${key}`]}
          />
        );
      })}
    </SimpleGrid>
  );
}

/** Drops empty custom values so the server applies defaults. */
export function compactCustom(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0),
    ),
  );
}
