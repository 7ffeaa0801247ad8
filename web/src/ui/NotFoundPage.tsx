import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "./usePageTitle";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("app.notFoundTitle"));
  return (
    <Center mih="60vh" p="md" component="main">
      <Stack align="center" gap="sm" maw={480}>
        <Title order={1} size="h2">
          {t("app.notFoundTitle")}
        </Title>
        <Text c="dimmed" ta="center">
          {t("app.notFoundText")}
        </Text>
        <Button component={Link} to="/my-day">
          {t("app.goHome")}
        </Button>
      </Stack>
    </Center>
  );
}
