import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { problemMessage } from "./problemMessages";

export function ErrorPage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm" maw={480} role="alert">
        <Title order={1} size="h3">
          {t("app.errorTitle")}
        </Title>
        <Text c="dimmed" ta="center">
          {problemMessage(t, error)}
        </Text>
        {onRetry ? <Button onClick={onRetry}>{t("app.retry")}</Button> : null}
      </Stack>
    </Center>
  );
}
