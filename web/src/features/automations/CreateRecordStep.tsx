import { ActionIcon, Button, Checkbox, Group, Select, Stack, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useEntities, useEntityLabel, useFields } from "../records";
import { catalogQuery } from "./api";
import type { EditorContext } from "./editorContext";

interface CreateRecordValue {
  entity: string;
  values: Record<string, unknown>;
  link?: boolean;
}

/**
 * "Create a related record": which entity (those the server can create, from the catalog), whether to link it to
 * the rule's record, and field values — fixed or `{{variables}}`; the server checks them on save.
 */
export function CreateRecordFields({
  step,
  onChange,
  ctx,
}: {
  step: CreateRecordValue;
  onChange: (p: Partial<CreateRecordValue>) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const label = useEntityLabel();
  const entities = useEntities();
  const catalog = useQuery(catalogQuery(ctx.entity));
  const targets = catalog.data?.createTargets ?? [];
  const target = targets.find((x) => x.entity === step.entity);
  const { columns } = useFields((step.entity || ctx.entity) as Parameters<typeof useFields>[0]);
  const writable = step.entity ? columns.filter((c) => c.editable) : [];
  const entries = Object.entries(step.values ?? {});
  const setEntry = (i: number, key: string, value: unknown) =>
    onChange({
      values: Object.fromEntries(entries.map(([k, v], j) => (j === i ? [key, value] : [k, v]))),
    });
  return (
    <Stack gap={6}>
      <Select
        label={t("automations.createEntity")}
        data={targets.flatMap((x) => {
          const meta = entities.find((e) => e.name === x.entity);
          return meta ? [{ value: x.entity, label: label(meta, "singular") }] : [];
        })}
        value={step.entity || null}
        allowDeselect={false}
        onChange={(entity) => {
          const linkable = targets.find((x) => x.entity === entity)?.linkable ?? false;
          onChange({ entity: entity ?? "", values: {}, link: linkable });
        }}
      />
      <Checkbox
        label={t("automations.linkToRecord")}
        checked={step.link !== false && target?.linkable !== false}
        disabled={!target?.linkable}
        onChange={(e) => onChange({ link: e.currentTarget.checked })}
      />
      {entries.map(([key, value], i) => (
        <Group key={key || "new"} align="flex-end" wrap="nowrap" grow>
          <Select
            label={i === 0 ? t("automations.field") : undefined}
            aria-label={t("automations.field")}
            data={writable
              .filter((c) => c.key === key || !(c.key in (step.values ?? {})))
              .map((c) => ({ value: c.key, label: c.label }))}
            value={key || null}
            searchable
            onChange={(k) => k && setEntry(i, k, value)}
          />
          <TextInput
            label={i === 0 ? t("automations.value") : undefined}
            aria-label={t("automations.value")}
            value={typeof value === "string" ? value : JSON.stringify(value ?? "")}
            onChange={(e) => setEntry(i, key, e.currentTarget.value)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            style={{ flexGrow: 0 }}
            aria-label={t("automations.removeValue")}
            onClick={() => onChange({ values: Object.fromEntries(entries.filter((_, j) => j !== i)) })}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        disabled={!step.entity || "" in (step.values ?? {})}
        onClick={() => onChange({ values: { ...(step.values ?? {}), "": "" } })}
      >
        {t("automations.addValue")}
      </Button>
    </Stack>
  );
}
