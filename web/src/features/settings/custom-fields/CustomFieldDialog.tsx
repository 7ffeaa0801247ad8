import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { invalidateFieldQueries, useEntities, useEntityLabel } from "../../records";
import type { CustomField, CustomFieldEntity } from "../api";
import { notifySaved } from "../common";
import {
  createBody,
  FIELD_TYPES,
  type FieldValues,
  hasOptions,
  hasSimpleDefault,
  keyForLabel,
  type OptionRow,
  patchBody,
  valuesFromField,
} from "./fieldForm";

const isTechnicalPath = (path: string) => path === "key" || /^options\.\d+\.value$/.test(path);

/** A choice whose (typed) value or label another choice above it already has. */
function duplicateOf(
  rows: OptionRow[],
  path: string,
  part: "value" | "label",
  value: string,
  t: TFunction,
): string | null {
  const index = Number(path.split(".")[1]);
  const text = value.trim().toLocaleLowerCase();
  if (!text) return null;
  const earlier = rows.slice(0, index).some((row) => row[part].trim().toLocaleLowerCase() === text);
  return earlier ? t("errors.duplicate_option") : null;
}

interface CustomFieldDialogProps {
  entity: CustomFieldEntity;
  field: CustomField | null;
  nextPosition: number;
  /** Keys of the entity's other fields, deleted ones included (a new key gets a number when taken). */
  takenKeys?: readonly string[];
  onClose: () => void;
}

export function CustomFieldDialog({
  entity,
  field,
  nextPosition,
  takenKeys = [],
  onClose,
}: CustomFieldDialogProps) {
  const { t } = useTranslation();
  const entityLabel = useEntityLabel();
  // Link targets as the server declares them (`linkable` in `GET /api/v1/meta/entities`).
  const linkable = useEntities().filter((e) => e.capabilities.linkable);
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  // Keys and choice values are derived from labels; only admins who ask see (and may change) them.
  const [technical, setTechnical] = useState(false);
  const form = useForm<FieldValues>({
    initialValues: valuesFromField(field),
    validate: {
      label: (value) => (value.trim() ? null : t("settings.required")),
      key: (value) => (/^[a-z][a-zA-Z0-9_]{0,62}$/.test(value) ? null : t("settings.fields.keyRule")),
      options: {
        value: (value, all, path) => duplicateOf(all.options, path, "value", value, t),
        label: (value, all, path) => duplicateOf(all.options, path, "label", value, t),
      },
    },
  });
  const values = form.getValues();
  const save = useMutation({
    mutationFn: (v: FieldValues) =>
      field
        ? unwrap(
            api.PATCH("/api/v1/custom-fields/{id}", {
              params: { path: { id: field.id } },
              body: patchBody(v),
            }),
          )
        : unwrap(api.POST("/api/v1/custom-fields", { body: createBody(entity, v, nextPosition) })),
    onSuccess: () => {
      notifySaved(t);
      void invalidateFieldQueries(queryClient, entity);
      onClose();
    },
    onError: (error) => {
      setAlert(applyProblemToForm(form, error, t));
      if (Object.keys(form.errors).some(isTechnicalPath)) setTechnical(true);
    },
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={field ? field.label : t("settings.fields.create")}>
      <form
        noValidate
        onSubmit={form.onSubmit(
          (v) => {
            setAlert(null);
            save.mutate(v);
          },
          (errors) => {
            if (Object.keys(errors).some(isTechnicalPath)) setTechnical(true);
          },
        )}
      >
        <Stack gap="sm">
          <FormAlert message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("settings.fields.label")}
              required
              {...form.getInputProps("label")}
              onChange={(event) => {
                const label = event.currentTarget.value;
                form.setFieldValue("label", label);
                if (!field && (!values.key || values.key === keyForLabel(values.label, takenKeys)))
                  form.setFieldValue("key", keyForLabel(label, takenKeys));
              }}
            />
            {technical && (
              <TextInput
                label={t("settings.fields.key")}
                disabled={!!field}
                required
                {...form.getInputProps("key")}
              />
            )}
            <Select
              label={t("settings.fields.type")}
              disabled={!!field}
              data={FIELD_TYPES.map((type) => ({ value: type, label: t(`settings.fields.types.${type}`) }))}
              allowDeselect={false}
              {...form.getInputProps("type")}
            />
            {values.type === "link" && (
              <Select
                label={t("settings.fields.linkEntity")}
                disabled={!!field}
                data={linkable.map((e) => ({
                  value: e.name,
                  label: t(`settings.entity.${e.name}`, { defaultValue: entityLabel(e) }),
                }))}
                {...form.getInputProps("linkEntity")}
              />
            )}
            <TextInput label={t("settings.fields.group")} {...form.getInputProps("group")} />
            {hasSimpleDefault(values.type) && (
              <TextInput label={t("settings.fields.defaultValue")} {...form.getInputProps("defaultValue")} />
            )}
          </SimpleGrid>
          <Textarea label={t("settings.fields.helpText")} {...form.getInputProps("helpText")} />
          {hasOptions(values.type) && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("settings.fields.options")}
              </Text>
              {values.options.map((_, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: option rows are edited in place
                <Group key={index} gap="xs" wrap="nowrap">
                  <TextInput
                    aria-label={t("settings.fields.optionLabel", { n: index + 1 })}
                    style={{ flex: 1 }}
                    {...form.getInputProps(`options.${index}.label`)}
                  />
                  {technical && (
                    <TextInput
                      aria-label={t("settings.fields.optionValue", { n: index + 1 })}
                      placeholder={t("settings.fields.optionValuePlaceholder")}
                      w={140}
                      {...form.getInputProps(`options.${index}.value`)}
                    />
                  )}
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t("settings.fields.removeOption", { n: index + 1 })}
                    onClick={() => form.removeListItem("options", index)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => form.insertListItem("options", { label: "", value: "" })}
                w="fit-content"
              >
                {t("settings.fields.addOption")}
              </Button>
            </Stack>
          )}
          <Group gap="lg">
            <Checkbox
              label={t("settings.fields.required")}
              {...form.getInputProps("required", { type: "checkbox" })}
            />
            <Checkbox
              label={t("settings.fields.unique")}
              {...form.getInputProps("unique", { type: "checkbox" })}
            />
            <Checkbox
              label={t("settings.fields.filterable")}
              description={t("settings.fields.filterableHint")}
              {...form.getInputProps("filterable", { type: "checkbox" })}
            />
          </Group>
          <Switch
            label={t("settings.fields.technical")}
            description={t("settings.fields.technicalHint")}
            checked={technical}
            onChange={(event) => setTechnical(event.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
