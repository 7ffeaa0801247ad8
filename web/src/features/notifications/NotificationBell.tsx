import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { IconBell } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { problemMessage } from "../../ui/problemMessages";
import {
  type AppNotification,
  markAllNotificationsRead,
  type NotificationPage,
  notificationsKey,
  notificationsQuery,
  notificationTarget,
  setNotificationRead,
  withRead,
} from "./notificationsApi";
import { useNotificationStream } from "./useNotificationStream";

export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const headingId = useId();
  const { status } = useNotificationStream();
  const { data } = useQuery(notificationsQuery);
  const unread = data?.unreadCount ?? 0;
  const items = data?.items ?? [];
  // Optimistic: the list and the count change at once; a refusal puts them back and says why.
  const markRead = useMutation({
    mutationFn: async ({ id, read }: { id: string | "all"; read: boolean }): Promise<void> => {
      if (id === "all") await markAllNotificationsRead();
      else await setNotificationRead(id, read);
    },
    onMutate: async ({ id, read }) => {
      await queryClient.cancelQueries({ queryKey: notificationsKey });
      const previous = queryClient.getQueryData<NotificationPage>(notificationsKey);
      queryClient.setQueryData(notificationsKey, withRead(previous, id, read));
      return { previous };
    },
    onError: (error, _vars, context) => {
      queryClient.setQueryData(notificationsKey, context?.previous);
      toasts.show({
        color: "red",
        title: t("notifications.updateFailed"),
        message: problemMessage(t, error),
      });
    },
  });
  const open = (item: AppNotification) => {
    if (!item.readAt) markRead.mutate({ id: item.id, read: true });
    const target = notificationTarget(item);
    setOpened(false);
    if (target) void navigate({ to: target });
  };
  const label =
    unread > 0
      ? `${t("notifications.open")}: ${t("notifications.unread", { count: unread })}`
      : t("notifications.open");

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator disabled={unread === 0} label={unread > 99 ? "99+" : unread} size={16} offset={6}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown aria-labelledby={headingId}>
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={600} id={headingId}>
              {t("notifications.title")}
            </Text>
            {unread > 0 ? (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => markRead.mutate({ id: "all", read: true })}
              >
                {t("notifications.markRead")}
              </Button>
            ) : null}
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("notifications.empty")}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360}>
              <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                {items.map((item) => (
                  <li key={item.id}>
                    <UnstyledButton
                      onClick={() => open(item)}
                      w="100%"
                      p={6}
                      style={{ borderRadius: 6 }}
                      data-unread={!item.readAt}
                    >
                      <Group gap={8} wrap="nowrap" align="flex-start">
                        <Indicator
                          disabled={Boolean(item.readAt)}
                          size={8}
                          position="middle-start"
                          offset={-2}
                          zIndex={0}
                        >
                          <span style={{ display: "block", width: 4 }} />
                        </Indicator>
                        <div style={{ minWidth: 0 }}>
                          <Text size="sm" fw={item.readAt ? 400 : 600} lineClamp={2}>
                            {item.title}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {format.relative(item.createdAt)}
                          </Text>
                        </div>
                      </Group>
                    </UnstyledButton>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => markRead.mutate({ id: item.id, read: !item.readAt })}
                    >
                      {item.readAt ? t("notifications.markOneUnread") : t("notifications.markOneRead")}
                    </Button>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {status === "unavailable" ? (
            <Text size="xs" c="dimmed">
              {t("notifications.offline")}
            </Text>
          ) : null}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
