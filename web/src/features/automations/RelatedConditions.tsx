import { ActionIcon, Button, Checkbox, Group, MultiSelect, Paper, Select, Stack, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FilterBuilder } from "../../ui/filters/FilterBuilder";
import { fromFilter, toFilter } from "../../ui/filters/model";
import { useFields } from "../records";
import type { Definition } from "./api";
import { type EditorContext, stepErrors } from "./editorContext";

type Related = NonNullable<Definition["conditions"]["related"]>[number];

/**
 * Conditions on related records: a link field's record (the deal's company) filtered with its own fields, or a
 * person field (the owner) by team and active flag. Which fields relate is read from the field metadata.
 */
export function RelatedConditions({
  value,
  onChange,
  ctx,
}: {
  value: Related[];
  onChange: (v: Related[]) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const vias = ctx.fields.filter((f) => f.type === "user" || (f.type === "link" && f.linkEntity));
  const set = (i: number, r: Related) => onChange(value.map((x, j) => (j === i ? r : x)));
  return (
    <Stack gap={6}>
      {value.map((r, i) => {
        const via = vias.find((f) => f.key === r.via);
        const path = `definition.conditions.related.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; their position is what the server's error paths name
          <Paper key={`${i}-${r.via}`} withBorder p="xs" data-testid="related-condition">
            <Group justify="space-between" align="flex-end">
              <Select
                label={t("automations.relatedVia")}
                data={vias.map((f) => ({ value: f.key, label: f.label }))}
                value={r.via || null}
                allowDeselect={false}
                onChange={(key) => key && set(i, { via: key })}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("automations.removeCondition")}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
            {via?.type === "user" && <PersonFields value={r} onChange={(x) => set(i, x)} ctx={ctx} />}
            {via?.type === "link" && via.linkEntity && (
              <LinkedFilter entity={via.linkEntity} value={r} onChange={(x) => set(i, x)} />
            )}
            {stepErrors(ctx.errors, path).map((message) => (
              <Text key={message} c="red" fz="sm" mt={4} role="alert">
                {message}
              </Text>
            ))}
          </Paper>
        );
      })}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        disabled={vias.length === 0}
        onClick={() => onChange([...value, { via: vias[0]?.key ?? "" }])}
      >
        {t("automations.addRelated")}
      </Button>
    </Stack>
  );
}

function PersonFields({
  value,
  onChange,
  ctx,
}: {
  value: Related;
  onChange: (r: Related) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const person = value.person ?? {};
  return (
    <Group align="flex-end" mt={4}>
      <MultiSelect
        label={t("automations.inTeams")}
        data={ctx.teams}
        value={person.teamIds ?? []}
        onChange={(teamIds) =>
          onChange({ ...value, person: { ...person, teamIds: teamIds.length > 0 ? teamIds : undefined } })
        }
      />
      <Checkbox
        label={t("automations.personActive")}
        checked={person.active === true}
        onChange={(e) =>
          onChange({ ...value, person: { ...person, active: e.currentTarget.checked || undefined } })
        }
      />
    </Group>
  );
}

function LinkedFilter({
  entity,
  value,
  onChange,
}: {
  entity: string;
  value: Related;
  onChange: (r: Related) => void;
}) {
  const { filterFields } = useFields(entity as Parameters<typeof useFields>[0]);
  const [group, setGroup] = useState(() =>
    fromFilter((value.filter ?? null) as Parameters<typeof fromFilter>[0]),
  );
  return (
    <FilterBuilder
      fields={filterFields}
      value={group}
      onChange={(g) => {
        setGroup(g);
        const node = toFilter(g);
        onChange({ ...value, filter: (node ?? undefined) as Related["filter"] });
      }}
    />
  );
}
