import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../ui/usePageTitle";
import { meQueryKey, meQueryOptions } from "../auth";
import { ApiTokens, MySessions } from "../settings/index.security";
import { DisableTwoFactor } from "./DisableTwoFactor";
import { EnableTwoFactor } from "./EnableTwoFactor";

type Mode = "view" | "enable" | "disable";

/** User menu → Security: two-factor authentication, my API tokens and my sessions. */
export function SecurityPage() {
  const { t } = useTranslation();
  usePageTitle(t("security.title"));
  const queryClient = useQueryClient();
  const { data: me } = useQuery(meQueryOptions);
  const [mode, setMode] = useState<Mode>("view");
  const enabled = me?.twoFactorEnabled ?? false;
  const finish = () => {
    setMode("view");
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
  return (
    <Stack gap="lg" maw={760}>
      <Title order={1} size="h2">
        {t("security.title")}
      </Title>
      <Paper withBorder radius="md" p="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t("security.twoFactor")}
            </Title>
            <Badge color={enabled ? "green" : "gray"}>{enabled ? t("security.on") : t("security.off")}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t("security.twoFactorText")}
          </Text>
          {mode === "enable" ? <EnableTwoFactor onDone={finish} onCancel={() => setMode("view")} /> : null}
          {mode === "disable" ? <DisableTwoFactor onDone={finish} onCancel={() => setMode("view")} /> : null}
          {mode === "view" ? (
            <Group>
              {enabled ? (
                <Button variant="light" color="red" onClick={() => setMode("disable")}>
                  {t("security.disable")}
                </Button>
              ) : (
                <Button onClick={() => setMode("enable")}>{t("security.enable")}</Button>
              )}
            </Group>
          ) : null}
        </Stack>
      </Paper>
      <ApiTokens />
      <MySessions />
    </Stack>
  );
}
