import { Alert, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { problemMessage } from "../../../ui/problemMessages";

/**
 * Records still owned by deactivated users; checked on demand. On the Users page: the report needs `users.manage`,
 * like deactivating and handing over.
 */
export function OrphanedRecords() {
  const { t } = useTranslation();
  const check = useQuery({
    queryKey: ["settings", "orphaned-records"],
    queryFn: () => unwrap(api.GET("/api/v1/settings/orphaned-records")),
    enabled: false,
  });
  const items = (check.data?.items ?? []).filter((item) => item.count > 0);
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>{t("settings.security.orphaned")}</Title>
          <Button variant="default" size="xs" loading={check.isFetching} onClick={() => void check.refetch()}>
            {t("settings.security.checkNow")}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t("settings.security.orphanedHint")}
        </Text>
        <FormAlert message={check.isError ? problemMessage(t, check.error) : null} />
        {check.data && items.length === 0 && (
          <Alert color="green" variant="light">
            {t("settings.security.noOrphans")}
          </Alert>
        )}
        {items.map((item) => (
          <Stack key={item.entity} gap={2}>
            <Text size="sm" fw={500}>
              {item.label}: {item.count}
            </Text>
            <List size="sm">
              {item.owners.map((owner) => (
                <List.Item key={owner.id}>
                  {owner.name}: {owner.count}
                </List.Item>
              ))}
            </List>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
