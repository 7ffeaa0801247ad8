import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { AuthLayout } from "./AuthLayout";
import { confirmPasswordReset } from "./api";
import { matches, required } from "./validation";

const route = getRouteApi("/reset-password");

function ResetForm({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { newPassword: "", confirmPassword: "" },
    validate: { newPassword: required(t), confirmPassword: matches(t, "newPassword") },
  });
  const mutation = useMutation({
    mutationFn: confirmPasswordReset,
    onSuccess: onDone,
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ newPassword }) => {
        setFormError(null);
        mutation.mutate({ token, newPassword });
      })}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
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
          {t("auth.reset.submit")}
        </Button>
      </Stack>
    </form>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token } = route.useSearch();
  const [done, setDone] = useState(false);

  let body: React.ReactNode;
  if (done) {
    body = (
      <>
        <Alert color="teal" variant="light" role="status">
          {t("auth.reset.success")}
        </Alert>
        <Button component={Link} to="/login">
          {t("auth.signIn.submit")}
        </Button>
      </>
    );
  } else if (!token) {
    body = (
      <>
        <Alert color="red" variant="light" role="alert">
          {t("auth.reset.missingToken")}
        </Alert>
        <Button component={Link} to="/forgot-password" variant="light">
          {t("auth.reset.requestNew")}
        </Button>
      </>
    );
  } else {
    body = <ResetForm token={token} onDone={() => setDone(true)} />;
  }

  return (
    <AuthLayout title={t("auth.reset.title")}>
      {body}
      {done ? null : (
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t("auth.backToSignIn")}
        </Anchor>
      )}
    </AuthLayout>
  );
}
