import { Badge, Button, Drawer, Group, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconRefresh } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useFormat } from "../../i18n/useFormat";
import { notifyError, notifySaved, RowsSkeleton } from "../settings";
import { AttemptLog } from "./AttemptLog";
import { type Delivery, deliveriesQuery, type Webhook, webhookKeys } from "./api";

const STATUS_COLOR: Record<Delivery["status"], string> = {
  pending: "yellow",
  succeeded: "green",
  failed: "red",
  skipped: "gray",
};

/** The webhook's delivery log, newest first; each delivery expands to its attempts and can be redelivered. */
export function DeliveriesDrawer({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const log = useInfiniteQuery(deliveriesQuery(webhook.id));
  const items = (log.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="xl"
      title={`${t("webhooks.deliveries")}: ${webhook.url}`}
    >
      <Stack gap="xs">
        <Group justify="flex-end">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconRefresh size={14} aria-hidden />}
            onClick={() => void log.refetch()}
          >
            {t("webhooks.refresh")}
          </Button>
        </Group>
        {log.isPending && <RowsSkeleton rows={5} height={40} />}
        {!log.isPending && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("webhooks.deliveriesEmpty")}
          </Text>
        )}
        {items.map((delivery) => (
          <DeliveryRow key={delivery.id} webhookId={webhook.id} delivery={delivery} />
        ))}
        {log.hasNextPage && (
          <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t("webhooks.loadMore")}
          </Button>
        )}
      </Stack>
    </Drawer>
  );
}

function DeliveryRow({ webhookId, delivery }: { webhookId: string; delivery: Delivery }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [opened, { toggle }] = useDisclosure(false);
  const redeliver = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", {
          params: { path: { id: webhookId, deliveryId: delivery.id } },
        }),
      ),
    onSuccess: () => {
      notifySaved(t, t("webhooks.redelivered"));
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.delivery(webhookId, delivery.id) });
    },
    onError: (error) => notifyError(t, error),
  });
  const Chevron = opened ? IconChevronDown : IconChevronRight;
  return (
    <Paper withBorder p="xs">
      <Group justify="space-between" wrap="nowrap">
        <UnstyledButton onClick={toggle} aria-expanded={opened} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Chevron size={16} aria-hidden />
            <Badge color={STATUS_COLOR[delivery.status]} variant="light">
              {t(`webhooks.status.${delivery.status}`)}
            </Badge>
            <Text size="sm" fw={500}>
              {delivery.eventType}
            </Text>
            <Text size="sm" c="dimmed">
              {format.dateTime(delivery.createdAt)}
            </Text>
            <Text size="sm" c="dimmed">
              {t("webhooks.attempts", { count: delivery.attempts })}
            </Text>
            {delivery.lastStatus !== null && <Badge variant="outline">{`HTTP ${delivery.lastStatus}`}</Badge>}
            {delivery.status === "pending" && delivery.nextAttemptAt && (
              <Text size="xs" c="dimmed">
                {t("webhooks.nextAttempt", { date: format.dateTime(delivery.nextAttemptAt) })}
              </Text>
            )}
          </Group>
        </UnstyledButton>
        <Button size="xs" variant="default" loading={redeliver.isPending} onClick={() => redeliver.mutate()}>
          {t("webhooks.redeliver")}
        </Button>
      </Group>
      {delivery.lastError && (
        <Text size="xs" c="red" mt={4}>
          {delivery.lastError}
        </Text>
      )}
      {opened && <AttemptLog webhookId={webhookId} deliveryId={delivery.id} />}
    </Paper>
  );
}
