import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { AuthLayout } from "./AuthLayout";
import { requestPasswordReset } from "./api";
import { email } from "./validation";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: "uncontrolled", initialValues: { email: "" }, validate: { email: email(t) } });
  const mutation = useMutation({
    mutationFn: requestPasswordReset,
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });

  return (
    <AuthLayout title={t("auth.forgot.title")} description={t("auth.forgot.description")}>
      {mutation.isSuccess ? (
        <Alert color="teal" variant="light" role="status">
          {t("auth.forgot.sent", { email: mutation.variables })}
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            mutation.mutate(values.email.trim());
          })}
        >
          <Stack gap="md">
            <FormAlert message={formError} />
            <TextInput
              label={t("auth.email")}
              type="email"
              inputMode="email"
              autoComplete="username"
              required
              key={form.key("email")}
              {...form.getInputProps("email")}
            />
            <Button type="submit" fullWidth loading={mutation.isPending}>
              {t("auth.forgot.submit")}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        {t("auth.backToSignIn")}
      </Anchor>
    </AuthLayout>
  );
}
