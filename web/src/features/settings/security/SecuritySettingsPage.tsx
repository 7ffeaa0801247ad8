import { Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SectionHeader } from "../common";
import { EscalationForm } from "../tasks/EscalationForm";
import { DefaultCurrencyForm } from "../workspace/DefaultCurrencyForm";
import { ExchangeRatesCard } from "../workspace/ExchangeRatesCard";
import { WorkspaceCountryForm } from "../workspace/WorkspaceCountryForm";
import { MailStatus } from "./MailStatus";
import { MySessions } from "./MySessions";
import { PasswordPolicyForm } from "./PasswordPolicyForm";

export function SecuritySettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <SectionHeader title={t("settings.nav.security")} />
      <PasswordPolicyForm />
      <EscalationForm />
      <WorkspaceCountryForm />
      <DefaultCurrencyForm />
      <ExchangeRatesCard />
      <MailStatus />
      <MySessions />
    </Stack>
  );
}
