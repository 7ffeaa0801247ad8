import { Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { changePassword } from "./api";
import { matches, required } from "./validation";

interface ChangePasswordFormProps {
  /** Known when coming straight from the sign-in form; the field is then not asked again. */
  currentPassword?: string | undefined;
  onSuccess: () => void;
}

export function ChangePasswordForm({ currentPassword, onSuccess }: ChangePasswordFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { currentPassword: currentPassword ?? "", newPassword: "", confirmPassword: "" },
    validate: {
      currentPassword: required(t),
      newPassword: required(t),
      confirmPassword: matches(t, "newPassword"),
    },
  });
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess,
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });
  const askCurrent = currentPassword === undefined || Boolean(form.errors.currentPassword);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ currentPassword: current, newPassword }) => {
        setFormError(null);
        mutation.mutate({ currentPassword: current, newPassword });
      })}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
        {askCurrent ? (
          <PasswordInput
            label={t("auth.changePassword.current")}
            autoComplete="current-password"
            required
            key={form.key("currentPassword")}
            {...form.getInputProps("currentPassword")}
          />
        ) : null}
        <PasswordInput
          label={t("auth.changePassword.new")}
          autoComplete="new-password"
          required
          key={form.key("newPassword")}
          {...form.getInputProps("newPassword")}
        />
        <PasswordInput
          label={t("auth.changePassword.confirm")}
          autoComplete="new-password"
          required
          key={form.key("confirmPassword")}
          {...form.getInputProps("confirmPassword")}
        />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          {t("auth.changePassword.submit")}
        </Button>
      </Stack>
    </form>
  );
}
