import { ActionIcon, Button, Code, Group, Select, Stack, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ValueInput } from "../../ui/filters/ValueInput";
import type { FieldType } from "../../ui/table/types";
import type { Catalog, Definition } from "./api";
import { type EditorContext, stepErrors } from "./editorContext";

type Condition = NonNullable<Definition["conditions"]["variables"]>[number];
type Variable = Catalog["variables"][number];

const NO_VALUE = new Set(["isEmpty", "isNotEmpty", "isTrue", "isFalse"]);
/** The input a trigger variable's type is typed with (the lists' value inputs). */
const INPUT: Record<string, FieldType> = { number: "number", dateTime: "dateTime", email: "email" };

/** The value as the server takes it: numbers as numbers, date-times as ISO instants, empty as absent. */
function typed(type: string, v: unknown): unknown {
  if (v === null || v === undefined || v === "") return undefined;
  if (type === "number") return Number(v);
  if (type === "dateTime") {
    const d = new Date(String(v));
    return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
  }
  return v;
}

/** The variables of the chosen trigger (the catalog's), with their labels, for texts and conditions. */
export function triggerVariables(catalog: Catalog | undefined, kind: string): Variable[] {
  return (catalog?.variables ?? []).filter((v) => v.group === "trigger" && v.triggers?.includes(kind));
}

/**
 * Conditions on the trigger's typed variables ("the subject contains …", "has attachments"): the operators are
 * the ones the server lists for the variable's type.
 */
export function VariableConditions({
  value,
  onChange,
  variables,
  operators,
  ctx,
}: {
  value: Condition[];
  onChange: (v: Condition[]) => void;
  variables: Variable[];
  operators: Record<string, string[]>;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  if (variables.length === 0) return null;
  const set = (i: number, c: Condition) => onChange(value.map((x, j) => (j === i ? c : x)));
  const first = (name: string) => operators[variables.find((v) => v.name === name)?.type ?? ""]?.[0] ?? "eq";
  return (
    <Stack gap={6} data-testid="variable-conditions">
      <Text fz="sm" fw={500}>
        {t("automations.variableConditions")}
      </Text>
      {value.map((c, i) => {
        const variable = variables.find((v) => v.name === c.variable);
        const type = variable?.type ?? "text";
        const errors = stepErrors(ctx.errors, `definition.conditions.variables.${i}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; the server's error paths name positions
          <Stack key={i} gap={2} data-testid="variable-condition">
            <Group gap={6} align="flex-end" wrap="nowrap">
              <Select
                aria-label={t("automations.variable")}
                data={variables.map((v) => ({ value: v.name, label: v.label ?? v.name }))}
                value={c.variable}
                allowDeselect={false}
                searchable
                onChange={(name) => name && set(i, { variable: name, op: first(name) as Condition["op"] })}
              />
              <Select
                aria-label={t("automations.operator")}
                data={(operators[type] ?? []).map((op) => ({
                  value: op,
                  label: t(`automations.operators.${op}`),
                }))}
                value={c.op}
                allowDeselect={false}
                onChange={(op) =>
                  op &&
                  set(i, {
                    variable: c.variable,
                    op: op as Condition["op"],
                    ...(NO_VALUE.has(op) ? {} : { value: c.value }),
                  })
                }
              />
              {!NO_VALUE.has(c.op) && (
                <ValueInput
                  field={{
                    key: c.variable,
                    label: variable?.label ?? c.variable,
                    type: INPUT[type] ?? "text",
                    sortable: false,
                    filterable: true,
                    editable: true,
                    custom: false,
                  }}
                  op="eq"
                  value={c.value === undefined ? null : type === "number" ? String(c.value) : c.value}
                  onChange={(v) => {
                    const { value: _old, ...rest } = c;
                    const next = typed(type, v);
                    set(i, next === undefined ? rest : { ...rest, value: next });
                  }}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("automations.removeCondition")}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            {errors.map((e) => (
              <Text key={e} c="red" fz="xs">
                {e}
              </Text>
            ))}
          </Stack>
        );
      })}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            const v = variables[0] as Variable;
            onChange([...value, { variable: v.name, op: first(v.name) as Condition["op"] }]);
          }}
        >
          {t("automations.addVariableCondition")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The variables a rule's texts may use with this trigger: `{{name}}` and what it is. */
export function VariablesList({ variables }: { variables: Variable[] }) {
  const { t } = useTranslation();
  if (variables.length === 0) return null;
  return (
    <Stack gap={2} data-testid="trigger-variables">
      <Text fz="xs" c="dimmed">
        {t("automations.triggerVariables")}
      </Text>
      <Group gap={6}>
        {variables.map((v) => (
          <Text key={v.name} fz="xs" c="dimmed">
            <Code>{`{{${v.name}}}`}</Code> {v.label}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}
