import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { type PasswordPolicy, passwordPolicyQuery } from "../api";
import { RowsSkeleton } from "../common";
import { useSettingsForm } from "../useSettingsForm";

const DEFAULTS: PasswordPolicy = {
  minLength: 12,
  maxAgeDays: 0,
  historySize: 0,
  requireTwoFactorForAll: false,
  minStrength: 3,
};

export function PasswordPolicyForm() {
  const { t } = useTranslation();
  const form = useForm<PasswordPolicy>({ initialValues: DEFAULTS });
  const {
    settings: policy,
    save,
    alert,
    submit,
  } = useSettingsForm(passwordPolicyQuery, form, (values) =>
    unwrap(api.PUT("/api/v1/settings/password-policy", { body: values })),
  );
  const number = (
    field: keyof Omit<PasswordPolicy, "requireTwoFactorForAll">,
    label: string,
    hint: string,
  ) => (
    <NumberInput
      label={label}
      description={hint}
      min={0}
      allowDecimal={false}
      {...form.getInputProps(field)}
    />
  );
  return (
    <Card withBorder padding="md">
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t("settings.security.passwordPolicy")}</Title>
          <FormAlert message={alert} />
          {policy.isPending ? (
            <RowsSkeleton rows={2} height={60} />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              {number("minLength", t("settings.security.minLength"), t("settings.security.minLengthHint"))}
              {number("maxAgeDays", t("settings.security.maxAgeDays"), t("settings.security.zeroMeansOff"))}
              {number("historySize", t("settings.security.historySize"), t("settings.security.zeroMeansOff"))}
              {number(
                "minStrength",
                t("settings.security.minStrength"),
                t("settings.security.minStrengthHint"),
              )}
            </SimpleGrid>
          )}
          <Switch
            label={t("settings.security.requireTwoFactorForAll")}
            {...form.getInputProps("requireTwoFactorForAll", { type: "checkbox" })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!policy.data}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
