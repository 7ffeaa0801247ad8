import { Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { email, meQueryKey, required } from "../auth";
import { changeMyEmail } from "./api";

/** A new sign-in address, confirmed with the current password (other sessions end). */
export function EmailChangeForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", currentPassword: "" },
    validate: {
      email: (value: string) =>
        email(t)(value) ??
        (value.trim().toLowerCase() === me.email.toLowerCase() ? t("profile.emailUnchanged") : null),
      currentPassword: required(t),
    },
  });
  const change = useMutation({
    mutationFn: changeMyEmail,
    onSuccess: (saved) => {
      queryClient.setQueryData(meQueryKey, saved);
      form.reset();
      notifications.show({ color: "green", message: t("profile.emailChanged", { email: saved.email }) });
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      aria-label={t("profile.emailTitle")}
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        change.mutate({ email: values.email.trim(), currentPassword: values.currentPassword });
      })}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("profile.emailCurrent", { email: me.email })}
        </Text>
        <FormAlert message={alert} />
        <TextInput
          label={t("profile.newEmail")}
          type="email"
          autoComplete="email"
          required
          key={form.key("email")}
          {...form.getInputProps("email")}
        />
        <PasswordInput
          label={t("auth.changePassword.current")}
          autoComplete="current-password"
          required
          key={form.key("currentPassword")}
          {...form.getInputProps("currentPassword")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            {t("profile.changeEmail")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
