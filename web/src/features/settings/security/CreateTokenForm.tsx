import { Button, Checkbox, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import type { CreatedApiToken } from "../api";

interface Values {
  name: string;
  readOnly: boolean;
  expiresAt: string;
}

export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { name: "", readOnly: true, expiresAt: "" },
    validate: { name: (value) => (value.trim() ? null : t("settings.required")) },
  });
  const create = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.POST("/api/v1/api-tokens", {
          body: {
            name: values.name.trim(),
            readOnly: values.readOnly,
            ...(values.expiresAt ? { expiresAt: dayjs(values.expiresAt).endOf("day").toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (token) => {
      form.reset();
      onCreated(token);
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        create.mutate(values);
      })}
    >
      <Stack gap="xs">
        <FormAlert message={alert} />
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={t("settings.tokens.name")}
            style={{ flex: "1 1 180px" }}
            {...form.getInputProps("name")}
          />
          <TextInput
            type="date"
            label={t("settings.tokens.expires")}
            min={dayjs().add(1, "day").format("YYYY-MM-DD")}
            w={170}
            {...form.getInputProps("expiresAt")}
          />
          <Checkbox
            label={t("settings.tokens.readOnly")}
            description={t("settings.tokens.readOnlyHint")}
            mb={8}
            {...form.getInputProps("readOnly", { type: "checkbox" })}
          />
          <Button type="submit" loading={create.isPending}>
            {t("settings.tokens.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
