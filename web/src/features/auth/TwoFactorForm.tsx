import { Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { verifyTwoFactor } from "./api";
import { required } from "./validation";

interface TwoFactorFormProps {
  onSuccess: (user: Me) => void;
  onBack: () => void;
}

/** Second sign-in step: a TOTP code or a recovery code (both go to the same endpoint). */
export function TwoFactorForm({ onSuccess, onBack }: TwoFactorFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { code: "" },
    validate: { code: required(t) },
  });
  const mutation = useMutation({
    mutationFn: verifyTwoFactor,
    onSuccess: (result) => onSuccess(result.user),
    onError: (error) => setFormError(applyProblemToForm(form, error, t)),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values.code.replace(/\s+/g, ""));
      })}
    >
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t("auth.twoFactor.code")}
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          required
          key={form.key("code")}
          {...form.getInputProps("code")}
        />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          {t("auth.twoFactor.submit")}
        </Button>
        <Button variant="subtle" color="gray" onClick={onBack}>
          {t("auth.backToSignIn")}
        </Button>
      </Stack>
    </form>
  );
}
