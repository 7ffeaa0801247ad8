import { Alert, Card, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconMailCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { mailStatusQuery } from "../api";

/** Whether outgoing mail (invitations, password resets, notifications) can be sent. */
export function MailStatus() {
  const { t } = useTranslation();
  const mail = useQuery(mailStatusQuery);
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t("settings.security.mail")}</Title>
        {mail.isPending && <Skeleton height={48} />}
        {mail.data?.configured === false && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            {t("settings.security.mailNotConfigured")}
          </Alert>
        )}
        {mail.data?.configured && (
          <Alert color="green" variant="light" icon={<IconMailCheck size={18} aria-hidden />}>
            <Text size="sm">{t("settings.security.mailConfigured", { from: mail.data.from })}</Text>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
