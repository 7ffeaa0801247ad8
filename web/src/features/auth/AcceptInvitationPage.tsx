import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { AuthLayout } from "./AuthLayout";
import { acceptInvitation } from "./api";
import { useFinishSignIn } from "./useFinishSignIn";
import { matches, required } from "./validation";

const route = getRouteApi("/accept-invitation");

function InvitationForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const finishSignIn = useFinishSignIn("/");
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { name: "", password: "", confirmPassword: "" },
    validate: { name: required(t), password: required(t), confirmPassword: matches(t, "password") },
  });
  const mutation = useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (result) => void finishSignIn(result.user),
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ name, password }) => {
        setFormError(null);
        mutation.mutate({ token, name: name.trim(), password });
      })}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t("auth.invitation.name")}
          autoComplete="name"
          required
          key={form.key("name")}
          {...form.getInputProps("name")}
        />
        <PasswordInput
          label={t("auth.password")}
          autoComplete="new-password"
          required
          key={form.key("password")}
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label={t("auth.changePassword.confirm")}
          autoComplete="new-password"
          required
          key={form.key("confirmPassword")}
          {...form.getInputProps("confirmPassword")}
        />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          {t("auth.invitation.submit")}
        </Button>
      </Stack>
    </form>
  );
}

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token } = route.useSearch();
  return (
    <AuthLayout
      title={t("auth.invitation.title")}
      description={token ? t("auth.invitation.description") : undefined}
    >
      {token ? (
        <InvitationForm token={token} />
      ) : (
        <Alert color="red" variant="light" role="alert">
          {t("auth.invitation.missingToken")}
        </Alert>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        {t("auth.backToSignIn")}
      </Anchor>
    </AuthLayout>
  );
}
