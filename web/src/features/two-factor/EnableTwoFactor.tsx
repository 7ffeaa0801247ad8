import { Button, Code, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { required } from "../auth";
import { enableTwoFactor, startTwoFactorSetup } from "./api";
import { QrCode } from "./QrCode";
import { RecoveryCodes } from "./RecoveryCodes";

type Step =
  | { kind: "password" }
  | { kind: "scan"; secret: string; otpauthUrl: string }
  | { kind: "codes"; codes: string[] };

/** Password → scan the QR code (or type the secret) and confirm a code → recovery codes, shown once. */
export function EnableTwoFactor({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "password" });
  const [formError, setFormError] = useState<string | null>(null);
  const passwordForm = useForm({ initialValues: { password: "" }, validate: { password: required(t) } });
  const codeForm = useForm({ initialValues: { code: "" }, validate: { code: required(t) } });
  const setup = useMutation({
    mutationFn: startTwoFactorSetup,
    onSuccess: (result) => {
      setFormError(null);
      setStep({ kind: "scan", ...result });
    },
    onError: (error) => setFormError(applyProblemToForm(passwordForm, error, t)),
  });
  const enable = useMutation({
    mutationFn: enableTwoFactor,
    onSuccess: (result) => {
      setFormError(null);
      setStep({ kind: "codes", codes: result.recoveryCodes });
    },
    onError: (error) => setFormError(applyProblemToForm(codeForm, error, t)),
  });

  if (step.kind === "codes") return <RecoveryCodes codes={step.codes} onDone={onDone} />;
  if (step.kind === "scan") {
    return (
      <form
        noValidate
        onSubmit={codeForm.onSubmit((values) => enable.mutate(values.code.replace(/\s+/g, "")))}
      >
        <Stack gap="md">
          <Text size="sm">{t("security.scan")}</Text>
          <Group justify="center">
            <QrCode value={step.otpauthUrl} label={t("security.qrLabel")} />
          </Group>
          <Stack gap={4}>
            <Text size="sm">{t("security.secretHint")}</Text>
            <Code block data-testid="totp-secret">
              {step.secret}
            </Code>
          </Stack>
          <FormAlert message={formError} />
          <TextInput
            label={t("security.code")}
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            data-autofocus
            {...codeForm.getInputProps("code")}
          />
          <Button type="submit" loading={enable.isPending}>
            {t("security.confirm")}
          </Button>
        </Stack>
      </form>
    );
  }
  return (
    <form noValidate onSubmit={passwordForm.onSubmit((values) => setup.mutate(values.password))}>
      <Stack gap="md">
        <Text size="sm">{t("security.passwordFirst")}</Text>
        <FormAlert message={formError} />
        <PasswordInput
          label={t("auth.password")}
          autoComplete="current-password"
          required
          {...passwordForm.getInputProps("password")}
        />
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          ) : null}
          <Button type="submit" loading={setup.isPending}>
            {t("common.continue")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
