import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { LoginResult } from "../../api/types";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { login } from "./api";
import { email, required } from "./validation";

interface CredentialsFormProps {
  onResult: (result: LoginResult, password: string) => void;
}

export function CredentialsForm({ onResult }: CredentialsFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", password: "" },
    validate: { email: email(t), password: required(t) },
  });
  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (result, variables) => onResult(result, variables.password),
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate({ email: values.email.trim(), password: values.password });
      })}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t("auth.email")}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          key={form.key("email")}
          {...form.getInputProps("email")}
        />
        <PasswordInput
          label={t("auth.password")}
          autoComplete="current-password"
          required
          key={form.key("password")}
          {...form.getInputProps("password")}
        />
        <Group justify="flex-end">
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t("auth.signIn.forgot")}
          </Anchor>
        </Group>
        <Button type="submit" fullWidth loading={mutation.isPending}>
          {t("auth.signIn.submit")}
        </Button>
      </Stack>
    </form>
  );
}
