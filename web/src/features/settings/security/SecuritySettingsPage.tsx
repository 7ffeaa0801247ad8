import { Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SectionHeader } from "../common";
import { ApiTokens } from "./ApiTokens";
import { MailStatus } from "./MailStatus";
import { MySessions } from "./MySessions";
import { OrphanedRecords } from "./OrphanedRecords";
import { PasswordPolicyForm } from "./PasswordPolicyForm";

export function SecuritySettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <SectionHeader title={t("settings.nav.security")} />
      <PasswordPolicyForm />
      <MailStatus />
      <OrphanedRecords />
      <ApiTokens />
      <MySessions />
    </Stack>
  );
}
