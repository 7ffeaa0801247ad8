import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../ui/usePageTitle";

/** 404 (or no access — the API does not tell them apart) on a record page. */
export function RecordNotFound({
  listPath,
  listLabel,
}: {
  /** The list of the record's entity, e.g. `/companies`. */
  listPath: string;
  listLabel: string;
}) {
  const { t } = useTranslation();
  usePageTitle(t("records.notFound.title"));
  return (
    <Center mih="50vh">
      <Stack align="center" gap="sm" maw={420}>
        <IconLock size={40} stroke={1.5} aria-hidden />
        <Title order={1} size="h3">
          {t("records.notFound.title")}
        </Title>
        <Text c="dimmed" ta="center">
          {t("records.notFound.text")}
        </Text>
        <Button component={Link} to={listPath} variant="light">
          {t("records.notFound.back", { list: listLabel })}
        </Button>
      </Stack>
    </Center>
  );
}
