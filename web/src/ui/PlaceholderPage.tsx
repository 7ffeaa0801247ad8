import { Paper, Stack, Text, Title } from "@mantine/core";
import { IconHammer } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "./usePageTitle";

/** Title plus a "coming next" note, for sections that later waves will build. */
export function PlaceholderPage({ title }: { title: string }) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Paper withBorder p="xl" radius="md">
        <Stack align="center" gap="xs">
          <IconHammer size={32} stroke={1.5} aria-hidden />
          <Text c="dimmed">{t("app.comingNext")}</Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
