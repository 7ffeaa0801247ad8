import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from "@mantine/core";
import { IconLock, IconPencil } from "@tabler/icons-react";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { useUsers } from "../records";
import { type ConversationSummary, useConversations } from "./api";
import { Composer } from "./Composer";
import { useMailboxes } from "./useMailboxes";

type Linked = "all" | "true" | "false";

function Row({
  item,
  userName,
}: {
  item: ConversationSummary;
  userName: (id: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const who = item.participants.map((p) => p.name || p.address).join(", ");
  const weight = item.unread ? 700 : 400;
  return (
    <Link
      to="/conversations/$id"
      params={{ id: item.id }}
      data-testid="conversation-row"
      data-unread={item.unread ? "true" : "false"}
      style={{ display: "block", color: "inherit", textDecoration: "none" }}
    >
      <Paper withBorder p="sm" radius="sm">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" fw={weight} truncate="end">
              {who}
            </Text>
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              {item.private ? <IconLock size={14} aria-label={t("conversations.private")} /> : null}
              <Text size="sm" fw={weight} truncate="end">
                {item.subject ?? t("conversations.noSubject")}
              </Text>
              {item.messageCount > 1 ? (
                <Text size="xs" c="dimmed">
                  ({item.messageCount})
                </Text>
              ) : null}
            </Group>
            {item.snippet ? (
              <Text size="xs" c="dimmed" truncate="end">
                {item.snippet}
              </Text>
            ) : null}
          </Stack>
          <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
            <Text size="xs" c="dimmed" title={format.dateTime(item.lastMessageAt)}>
              {format.relative(item.lastMessageAt)}
            </Text>
            {item.lastSendStatus === "failed" ? (
              <Badge color="red" variant="light" size="sm">
                {t("conversations.status.failed")}
              </Badge>
            ) : null}
            {item.assignedTo ? (
              <Text size="xs" c="dimmed">
                {t("conversations.assignedTo", { name: userName(item.assignedTo) ?? "" })}
              </Text>
            ) : null}
            {item.links.length === 0 ? (
              <Badge variant="outline" color="gray" size="sm">
                {t("conversations.notLinked")}
              </Badge>
            ) : null}
          </Stack>
        </Group>
      </Paper>
    </Link>
  );
}

/** The user's inbox: threads of the mailboxes they may read and of records they may read, with filters. */
export function ConversationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("conversations.title"));
  const navigate = useNavigate();
  const mailboxes = useMailboxes();
  const { users } = useUsers();
  const [mailboxId, setMailboxId] = useState<string | null>(null);
  const [linked, setLinked] = useState<Linked>("all");
  const [unread, setUnread] = useState(false);
  const [mine, setMine] = useState(false);
  const [composing, setComposing] = useState(false);
  const query = useConversations({
    ...(mailboxId ? { mailboxId } : {}),
    ...(linked !== "all" ? { linked } : {}),
    ...(unread ? { unread: "true" as const } : {}),
    ...(mine ? { assigned: "me" as const } : {}),
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("conversations.title")}
        </Title>
        <Button
          leftSection={<IconPencil size={16} />}
          onClick={() => setComposing(true)}
          disabled={mailboxes.length === 0}
        >
          {t("conversations.newLetter")}
        </Button>
      </Group>
      <Group gap="md" wrap="wrap" align="flex-end">
        <Select
          label={t("conversations.mailbox")}
          placeholder={t("conversations.allMailboxes")}
          data={mailboxes.map((m) => ({ value: m.id, label: m.name }))}
          value={mailboxId}
          onChange={setMailboxId}
          clearable
          w={220}
        />
        <SegmentedControl
          value={linked}
          onChange={(v) => setLinked(v as Linked)}
          data={[
            { value: "all", label: t("conversations.filters.all") },
            { value: "true", label: t("conversations.filters.linked") },
            { value: "false", label: t("conversations.filters.unlinked") },
          ]}
        />
        <Switch
          label={t("conversations.filters.unread")}
          checked={unread}
          onChange={(e) => setUnread(e.currentTarget.checked)}
        />
        <Switch
          label={t("conversations.filters.mine")}
          checked={mine}
          onChange={(e) => setMine(e.currentTarget.checked)}
        />
      </Group>
      {query.error ? <FormAlert message={problemMessage(t, query.error)} /> : null}
      {query.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={64} />
          ))}
        </Stack>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t("conversations.empty")}</Text>
      ) : (
        <Stack gap="xs">
          {items.map((item) => (
            <Row key={item.id} item={item} userName={(id) => users.get(id)?.name} />
          ))}
        </Stack>
      )}
      {query.hasNextPage ? (
        <Button
          variant="subtle"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t("conversations.more")}
        </Button>
      ) : null}
      <Modal
        opened={composing}
        onClose={() => setComposing(false)}
        title={t("conversations.newLetter")}
        size="xl"
      >
        <Composer
          mode={{ kind: "new", to: [], links: [] }}
          onCancel={() => setComposing(false)}
          onDone={(id) => {
            setComposing(false);
            void navigate({ to: "/conversations/$id", params: { id } });
          }}
        />
      </Modal>
    </Stack>
  );
}
