import { Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { required } from "../auth";
import { disableTwoFactor } from "./api";

/** Turning 2FA off needs the password and a current code (or a recovery code). */
export function DisableTwoFactor({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: "", code: "" },
    validate: { password: required(t), code: required(t) },
  });
  const mutation = useMutation({
    mutationFn: disableTwoFactor,
    onSuccess: onDone,
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        mutation.mutate({ ...values, code: values.code.replace(/\s+/g, "") }),
      )}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
        <PasswordInput
          label={t("auth.password")}
          autoComplete="current-password"
          required
          {...form.getInputProps("password")}
        />
        <TextInput
          label={t("security.codeOrRecovery")}
          autoComplete="one-time-code"
          required
          {...form.getInputProps("code")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {t("security.disable")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
