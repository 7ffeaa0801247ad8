import { Button, Group, Modal, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { notifySaved } from "../settings";
import {
  type CreatedWebhook,
  type FilterCondition,
  type Webhook,
  type WebhookFilter,
  webhookKeys,
} from "./api";
import { EventPicker } from "./EventPicker";
import { parseConditionValue } from "./eventTypes";
import { type ConditionValues, FilterEditor } from "./FilterEditor";

/** The scheme every webhook URL starts with (not a text to translate). */
const URL_SCHEME = "https://";

interface Values {
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  filter: { match: "all" | "any"; conditions: ConditionValues[] };
}

const conditionValues = (c: FilterCondition): ConditionValues => ({
  field: c.field,
  op: c.op,
  value: "value" in c ? (Array.isArray(c.value) ? c.value.join(", ") : String(c.value ?? "")) : "",
});

/** The API's filter from the form's conditions (none when there are no conditions). */
function toFilter(values: Values["filter"]): WebhookFilter | null {
  const conditions = values.conditions
    .filter((c) => c.field.trim())
    .map((c): FilterCondition => {
      const field = c.field.trim();
      if (c.op === "changed") return { field, op: "changed" };
      if (c.op === "in") return { field, op: "in", value: parseConditionValue("in", c.value) as string[] };
      return { field, op: c.op, value: parseConditionValue(c.op, c.value) as string };
    });
  return conditions.length ? { match: values.match, conditions } : null;
}

/** Create or edit a webhook: URL, events, optional filter, enabled. A new one's secret is shown next. */
export function WebhookDialog({
  webhook,
  onClose,
  onCreated,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      url: webhook?.url ?? "",
      description: webhook?.description ?? "",
      eventTypes: webhook?.eventTypes ?? [],
      enabled: webhook?.enabled ?? true,
      filter: {
        match: webhook?.filter?.match ?? "all",
        conditions: (webhook?.filter?.conditions ?? []).map(conditionValues),
      },
    },
    validate: {
      url: (value) => (value.trim() ? null : t("settings.required")),
      eventTypes: (value) => (value.length ? null : t("settings.required")),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        url: values.url.trim(),
        description: values.description.trim(),
        eventTypes: values.eventTypes,
        enabled: values.enabled,
        filter: toFilter(values.filter),
      };
      return webhook
        ? unwrap(api.PATCH("/api/v1/webhooks/{id}", { params: { path: { id: webhook.id } }, body })).then(
            () => null,
          )
        : unwrap(api.POST("/api/v1/webhooks", { body }));
    },
    onSuccess: (created) => {
      notifySaved(t);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list });
      if (created) onCreated(created);
      onClose();
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  const eventErrors = Object.entries(form.errors)
    .filter(([key]) => key === "eventTypes" || key.startsWith("eventTypes."))
    .map(([, message]) => message);
  return (
    <Modal opened onClose={onClose} size="lg" title={webhook ? t("webhooks.edit") : t("webhooks.create")}>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="sm">
          <FormAlert message={alert} />
          <TextInput
            label={t("webhooks.url")}
            description={t("webhooks.urlHint")}
            placeholder={URL_SCHEME}
            required
            {...form.getInputProps("url")}
          />
          <Textarea label={t("webhooks.descriptionLabel")} autosize {...form.getInputProps("description")} />
          <EventPicker
            value={form.values.eventTypes}
            onChange={(value) => form.setFieldValue("eventTypes", value)}
            error={eventErrors.length ? eventErrors.join(" ") : undefined}
          />
          <FilterEditor
            match={form.values.filter.match}
            conditions={form.values.filter.conditions}
            onMatch={(match) => form.setFieldValue("filter.match", match)}
            onChange={(conditions) => form.setFieldValue("filter.conditions", conditions)}
            errorFor={(index) => form.errors[`filter.conditions.${index}.field`]}
          />
          <Switch label={t("webhooks.enabled")} {...form.getInputProps("enabled", { type: "checkbox" })} />
          <Group justify="flex-end" gap="xs">
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
