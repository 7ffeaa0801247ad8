import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import {
  IconArrowDown,
  IconArrowUp,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { invalidateFieldQueries, useEntities, useEntityLabel } from "../../records";
import { type CustomField, type CustomFieldEntity, customFieldsQuery } from "../api";
import { notifyError, RowsSkeleton, SectionHeader } from "../common";
import { CustomFieldDialog } from "./CustomFieldDialog";

export function CustomFieldsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The entities that declare custom fields (`GET /api/v1/meta/entities`); the first is shown until one is picked.
  const entities = useEntities().filter((e) => e.capabilities.customFields);
  const [chosen, setEntity] = useState<CustomFieldEntity | null>(null);
  const entity = chosen ?? (entities[0]?.name as CustomFieldEntity | undefined) ?? null;
  const label = useEntityLabel();
  const [editing, setEditing] = useState<CustomField | "new" | null>(null);
  const fields = useQuery({
    ...customFieldsQuery(entity ?? ("" as CustomFieldEntity)),
    enabled: entity !== null,
  });
  const all = [...(fields.data ?? [])].sort((a, b) => a.position - b.position);
  const live = all.filter((field) => !field.deletedAt);
  const deleted = all.filter((field) => field.deletedAt);
  const refresh = () => {
    if (entity) void invalidateFieldQueries(queryClient, entity);
  };
  const patchPosition = (id: string, position: number) =>
    unwrap(api.PATCH("/api/v1/custom-fields/{id}", { params: { path: { id } }, body: { position } }));
  const move = useMutation({
    mutationFn: async ({ index, delta }: { index: number; delta: -1 | 1 }) => {
      const order = [...live];
      const [moved] = order.splice(index, 1);
      if (!moved) return;
      order.splice(index + delta, 0, moved);
      await Promise.all(
        order.map((field, position) =>
          field.position === position ? null : patchPosition(field.id, position),
        ),
      );
    },
    onSettled: refresh,
    onError: (error) => notifyError(t, error),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/custom-fields/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const restore = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/custom-fields/{id}/restore", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("settings.nav.customFields")}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
            {t("settings.fields.create")}
          </Button>
        }
      />
      <SegmentedControl
        aria-label={t("settings.fields.entity")}
        value={entity ?? ""}
        onChange={(value) => setEntity(value as CustomFieldEntity)}
        data={entities.map((e) => ({
          value: e.name,
          label: t(`settings.entity.${e.name}`, { defaultValue: label(e) }),
        }))}
        style={{ alignSelf: "flex-start", maxWidth: "100%" }}
      />
      {fields.isPending && <RowsSkeleton rows={4} height={52} />}
      {!fields.isPending && live.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("settings.fields.empty")}
        </Text>
      )}
      {live.map((field, index) => (
        <Paper key={field.id} withBorder p="xs">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text size="sm" fw={500}>
                  {field.label}
                </Text>
                <Badge size="xs" variant="light">
                  {t(`settings.fields.types.${field.type}`, { defaultValue: field.type })}
                </Badge>
                {field.required && (
                  <Badge size="xs" color="orange" variant="light">
                    {t("settings.fields.required")}
                  </Badge>
                )}
                {field.unique && (
                  <Badge size="xs" color="grape" variant="light">
                    {t("settings.fields.unique")}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {[field.key, field.group, field.helpText].filter(Boolean).join(" · ")}
              </Text>
            </Stack>
            <Group gap={2} wrap="nowrap">
              <ActionIcon
                variant="subtle"
                disabled={index === 0 || move.isPending}
                aria-label={t("settings.fields.moveUp", { name: field.label })}
                onClick={() => move.mutate({ index, delta: -1 })}
              >
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                disabled={index === live.length - 1 || move.isPending}
                aria-label={t("settings.fields.moveDown", { name: field.label })}
                onClick={() => move.mutate({ index, delta: 1 })}
              >
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
              <Tooltip label={t("settings.edit")}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t("settings.fields.editField", { name: field.label })}
                  onClick={() => setEditing(field)}
                >
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("settings.delete")}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("settings.fields.deleteField", { name: field.label })}
                  onClick={() => remove.mutate(field.id)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
        </Paper>
      ))}
      {deleted.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500} c="dimmed">
            {t("settings.fields.deleted")}
          </Text>
          {deleted.map((field) => (
            <Group key={field.id} gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm" c="dimmed" td="line-through">
                {field.label}
              </Text>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconRestore size={14} aria-hidden />}
                onClick={() => restore.mutate(field.id)}
              >
                {t("settings.fields.restore")}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {editing && entity && (
        <CustomFieldDialog
          entity={entity}
          field={editing === "new" ? null : editing}
          nextPosition={live.length}
          takenKeys={all.filter((f) => f.id !== (editing === "new" ? null : editing.id)).map((f) => f.key)}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
