import { Badge, Button, Card, Container, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useFormat } from "../../i18n/useFormat";
import { meQueryOptions } from "../auth";
import { hasAdminPermission, notifyError, RowsSkeleton } from "../settings";
import { type Mailbox, mailboxesQuery, mailboxKeys } from "./api";
import { MailboxDialog } from "./MailboxDialog";

const STATE_COLOR: Record<Mailbox["state"], string> = {
  pending: "gray",
  backfilling: "blue",
  live: "green",
  error: "red",
  paused: "yellow",
};

function MailboxCard({ mailbox, onEdit }: { mailbox: Mailbox; onEdit: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: mailboxKeys.list });
  const id = mailbox.id;
  const sync = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/mailboxes/{id}/sync", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const pause = useMutation({
    mutationFn: (enabled: boolean) =>
      unwrap(api.PATCH("/api/v1/mailboxes/{id}", { params: { path: { id } }, body: { enabled } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/mailboxes/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const { total, done } = mailbox.backfill;
  return (
    <Card withBorder padding="sm">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600}>{mailbox.name}</Text>
            <Text size="sm" c="dimmed" style={{ wordBreak: "break-all" }}>
              {mailbox.address} · {mailbox.imap.host}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            <Badge variant="light" color="gray">
              {t(`mailboxes.kind.${mailbox.kind}`)}
            </Badge>
            <Badge variant="light" color={STATE_COLOR[mailbox.state]}>
              {t(`mailboxes.state.${mailbox.state}`)}
            </Badge>
          </Group>
        </Group>
        {mailbox.lastError && mailbox.state === "error" && (
          <Text size="sm" c="red" role="alert">
            {t(`errors.${mailbox.lastError.code}`, { defaultValue: mailbox.lastError.message })}
            {mailbox.nextAttemptAt &&
              ` ${t("mailboxes.nextAttempt", { at: format.dateTime(mailbox.nextAttemptAt) })}`}
          </Text>
        )}
        {!mailbox.backfill.completedAt && total > 0 && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t("mailboxes.backfillProgress", { done, total, days: mailbox.backfill.days })}
            </Text>
            <Progress
              value={total ? (done / total) * 100 : 0}
              size="sm"
              aria-label={t("mailboxes.backfill")}
            />
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {mailbox.lastSyncedAt
            ? t("mailboxes.lastSynced", { at: format.dateTime(mailbox.lastSyncedAt) })
            : t("mailboxes.neverSynced")}
        </Text>
        {mailbox.canManage && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={onEdit}>
              {t("mailboxes.edit")}
            </Button>
            {(mailbox.state === "error" || mailbox.state === "pending") && (
              <Button size="xs" variant="light" loading={sync.isPending} onClick={() => sync.mutate()}>
                {t("mailboxes.retry")}
              </Button>
            )}
            <Button
              size="xs"
              variant="subtle"
              loading={pause.isPending}
              onClick={() => pause.mutate(mailbox.state === "paused")}
            >
              {mailbox.state === "paused" ? t("mailboxes.resume") : t("mailboxes.pause")}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(t("mailboxes.confirmDisconnect", { address: mailbox.address })))
                  remove.mutate();
              }}
            >
              {t("mailboxes.disconnect")}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Mailboxes: connect a personal mailbox (presets, tested on save), its sync state; admins add shared ones. */
export function MailboxesPage() {
  const { t } = useTranslation();
  const mailboxes = useQuery(mailboxesQuery);
  const me = useQuery(meQueryOptions);
  const isAdmin = me.data ? hasAdminPermission(me.data, "settings.manage") : false;
  const [editing, setEditing] = useState<Mailbox | "personal" | "shared" | null>(null);
  const personal = (mailboxes.data ?? []).filter((m) => m.kind === "personal");
  const shared = (mailboxes.data ?? []).filter((m) => m.kind === "shared");
  return (
    <Container size="md" py="md">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2}>{t("mailboxes.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("mailboxes.description")}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("personal")}>
              {t("mailboxes.connect")}
            </Button>
            {isAdmin && (
              <Button variant="light" onClick={() => setEditing("shared")}>
                {t("mailboxes.connectShared")}
              </Button>
            )}
          </Group>
        </Group>
        {mailboxes.isPending && <RowsSkeleton rows={2} height={96} />}
        <Title order={4}>{t("mailboxes.personal")}</Title>
        {mailboxes.data && personal.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("mailboxes.emptyPersonal")}
          </Text>
        )}
        {personal.map((m) => (
          <MailboxCard key={m.id} mailbox={m} onEdit={() => setEditing(m)} />
        ))}
        {(shared.length > 0 || isAdmin) && <Title order={4}>{t("mailboxes.shared")}</Title>}
        {isAdmin && mailboxes.data && shared.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("mailboxes.emptyShared")}
          </Text>
        )}
        {shared.map((m) => (
          <MailboxCard key={m.id} mailbox={m} onEdit={() => setEditing(m)} />
        ))}
      </Stack>
      {editing && (
        <MailboxDialog
          mailbox={typeof editing === "string" ? null : editing}
          kind={typeof editing === "string" ? editing : editing.kind}
          onClose={() => setEditing(null)}
        />
      )}
    </Container>
  );
}
