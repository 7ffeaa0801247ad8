import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Switch, Text, Tooltip } from "@mantine/core";
import { IconDots, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useFormat } from "../../i18n/useFormat";
import { notifyError, RowsSkeleton, SectionHeader } from "../settings";
import { type CreatedWebhook, type Webhook, webhookKeys, webhooksQuery } from "./api";
import { DeliveriesDrawer } from "./DeliveriesDrawer";
import { SecretDialog } from "./SecretDialog";
import { WebhookDialog } from "./WebhookDialog";

/** Settings → Webhooks: subscriptions, their state, secret rotation and the delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const hooks = useQuery(webhooksQuery);
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [secret, setSecret] = useState<CreatedWebhook | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhookKeys.list });
  const toggle = useMutation({
    mutationFn: (hook: Webhook) =>
      unwrap(
        api.PATCH("/api/v1/webhooks/{id}", {
          params: { path: { id: hook.id } },
          body: { enabled: !hook.enabled },
        }),
      ),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const rotate = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path: { id } } })),
    onSuccess: (created) => {
      setSecret(created);
      void refresh();
    },
    onError: (error) => notifyError(t, error),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/webhooks/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("settings.nav.webhooks")}
        description={t("webhooks.description")}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
            {t("webhooks.create")}
          </Button>
        }
      />
      {hooks.isPending && <RowsSkeleton rows={3} height={72} />}
      {hooks.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("webhooks.empty")}
        </Text>
      )}
      {(hooks.data ?? []).map((hook) => (
        <Card key={hook.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ wordBreak: "break-all" }}>
                {hook.url}
              </Text>
              {hook.description && (
                <Text size="sm" c="dimmed">
                  {hook.description}
                </Text>
              )}
              <Group gap={4}>
                {hook.eventTypes.map((type) => (
                  <Badge key={type} variant="light" size="sm" tt="none">
                    {type}
                  </Badge>
                ))}
              </Group>
              {hook.disabledReason && (
                <Text size="sm" c="red">
                  {t("webhooks.autoDisabled", { reason: hook.disabledReason })}
                </Text>
              )}
              {hook.enabled && hook.failingSince && (
                <Text size="sm" c="orange">
                  {t("webhooks.failingSince", { date: format.dateTime(hook.failingSince) })}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {t("webhooks.owner", { name: hook.ownerName })}
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Switch
                checked={hook.enabled}
                onChange={() => toggle.mutate(hook)}
                label={hook.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}
                aria-label={t("webhooks.enabledFor", { url: hook.url })}
              />
              <Button variant="default" size="xs" onClick={() => setLog(hook)}>
                {t("webhooks.deliveries")}
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Tooltip label={t("webhooks.actions")}>
                    <ActionIcon variant="subtle" aria-label={t("webhooks.actionsFor", { url: hook.url })}>
                      <IconDots size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setEditing(hook)}>{t("webhooks.edit")}</Menu.Item>
                  <Menu.Item
                    onClick={() => {
                      if (window.confirm(t("webhooks.rotateConfirm"))) rotate.mutate(hook.id);
                    }}
                  >
                    {t("webhooks.rotate")}
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    onClick={() => {
                      if (window.confirm(t("webhooks.deleteConfirm"))) remove.mutate(hook.id);
                    }}
                  >
                    {t("webhooks.delete")}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </Card>
      ))}
      {editing && (
        <WebhookDialog
          webhook={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => setSecret(created)}
        />
      )}
      {secret && <SecretDialog webhook={secret} onClose={() => setSecret(null)} />}
      {log && <DeliveriesDrawer webhook={log} onClose={() => setLog(null)} />}
    </Stack>
  );
}
