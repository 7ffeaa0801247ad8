import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowForwardUp, IconCornerUpLeft, IconCornerUpLeftDouble } from "@tabler/icons-react";
import { Link, useParams } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorPage } from "../../ui/ErrorPage";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { usePageTitle } from "../../ui/usePageTitle";
import { useUsers } from "../records";
import {
  type Conversation,
  formatAddress,
  type Message,
  useConversation,
  useConversationActions,
} from "./api";
import { type ComposeMode, Composer } from "./Composer";
import { MessageCard } from "./MessageCard";
import { useMailboxes } from "./useMailboxes";

function replyMode(
  c: Conversation,
  m: Message,
  kind: "reply" | "replyAll" | "forward",
  own: readonly string[],
): ComposeMode {
  const subject = m.subject ?? c.subject ?? "";
  const base = subject.replace(/^\s*((re|fwd?|fw)\s*:\s*)+/i, "");
  if (kind === "forward")
    return { kind, threadId: c.id, parentId: m.id, to: [], cc: [], subject: `Fwd: ${base}` };
  const mine = (a: { address: string }) => own.includes(a.address.toLowerCase());
  const to = (m.direction === "out" ? m.to : m.from).map((a) => a.address);
  const cc =
    kind === "replyAll"
      ? [...(m.direction === "out" ? [] : m.to), ...m.cc]
          .filter((a) => !mine(a))
          .map((a) => a.address)
          .filter((a) => !to.includes(a))
      : [];
  return { kind, threadId: c.id, parentId: m.id, to, cc, subject: `Re: ${base}` };
}

/** The first record the thread is linked to: templates render against it and its files can be attached. */
const recordOf = (c: Conversation) => {
  const link = c.links.find((l) => l.entity === "contacts") ?? c.links[0];
  return link ? { entity: link.entity, id: link.id } : undefined;
};

/** A thread: its letters (quotes collapsed, HTML sandboxed), assignment, privacy, and the composer. */
export function ConversationPage() {
  const { t } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const query = useConversation(id);
  const actions = useConversationActions(id);
  const { active, users } = useUsers();
  const [mode, setMode] = useState<ComposeMode | null>(null);
  const own = useMailboxes().map((b) => b.address.toLowerCase());
  const c = query.data;
  usePageTitle(c?.subject ?? t("conversations.title"));
  const markRead = actions.patch.mutate;
  useEffect(() => {
    if (c?.unread) markRead({ read: true });
  }, [c?.unread, markRead]);

  if (query.error) return <ErrorPage error={query.error} onRetry={() => void query.refetch()} />;
  if (!c)
    return (
      <Stack>
        <Skeleton height={32} width="50%" />
        <Skeleton height={160} />
      </Stack>
    );
  const last = c.messages.at(-1);
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/conversations" size="sm">
          {t("conversations.title")}
        </Anchor>
        <Text size="sm" truncate="end" maw={300}>
          {c.subject ?? t("conversations.noSubject")}
        </Text>
      </Breadcrumbs>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Title order={1} size="h3" style={{ overflowWrap: "anywhere" }}>
            {c.subject ?? t("conversations.noSubject")}
          </Title>
          <Text size="sm" c="dimmed">
            {c.participants.map(formatAddress).join(", ")}
          </Text>
          <Group gap="xs">
            {c.links.map((l) => (
              <Badge
                key={`${l.entity}:${l.id}`}
                component={Link}
                to={`/${l.entity}/${l.id}`}
                variant="light"
                style={{ cursor: "pointer" }}
              >
                {t(`nav.${l.entity}`, { defaultValue: l.entity })}
              </Badge>
            ))}
          </Group>
          {!c.restricted ? (
            <Group gap="md" align="flex-end" wrap="wrap">
              <Select
                label={t("conversations.assignee")}
                placeholder={t("conversations.nobody")}
                data={active.map((u) => ({ value: u.id, label: u.name }))}
                value={c.assignedTo}
                onChange={(v) => actions.patch.mutate({ assignedTo: v })}
                clearable
                searchable
                w={240}
              />
              <Switch
                label={t("conversations.markPrivate")}
                checked={c.private}
                onChange={(e) => actions.patch.mutate({ private: e.currentTarget.checked })}
              />
              <Button variant="subtle" size="xs" onClick={() => actions.patch.mutate({ read: false })}>
                {t("conversations.markUnread")}
              </Button>
            </Group>
          ) : null}
          {c.assignedTo && c.restricted ? (
            <Text size="xs">
              {t("conversations.assignedTo", { name: users.get(c.assignedTo)?.name ?? "" })}
            </Text>
          ) : null}
          {actions.patch.error ? <FormAlert message={problemMessage(t, actions.patch.error)} /> : null}
        </Stack>
      </Paper>
      {c.restricted ? <Alert color="gray">{t("conversations.restricted")}</Alert> : null}
      {c.messages.map((m) => (
        <MessageCard
          key={m.id}
          message={m}
          busy={actions.retry.isPending}
          {...(m.sendStatus === "failed" ? { onRetry: () => actions.retry.mutate(m.id) } : {})}
          {...(m.sendStatus === "failed" || m.sendStatus === "scheduled"
            ? { onCancel: () => actions.cancel.mutate(m.id) }
            : {})}
        />
      ))}
      {actions.retry.error ? <FormAlert message={problemMessage(t, actions.retry.error)} /> : null}
      {last && !c.restricted ? (
        mode ? (
          <Paper withBorder p="md" radius="md">
            <Composer
              mode={mode}
              record={recordOf(c)}
              onCancel={() => setMode(null)}
              onDone={() => setMode(null)}
            />
          </Paper>
        ) : (
          <Group gap="xs">
            <Button
              leftSection={<IconCornerUpLeft size={16} />}
              onClick={() => setMode(replyMode(c, last, "reply", own))}
            >
              {t("conversations.reply")}
            </Button>
            <Button
              variant="light"
              leftSection={<IconCornerUpLeftDouble size={16} />}
              onClick={() => setMode(replyMode(c, last, "replyAll", own))}
            >
              {t("conversations.replyAll")}
            </Button>
            <Button
              variant="light"
              leftSection={<IconArrowForwardUp size={16} />}
              onClick={() => setMode(replyMode(c, last, "forward", own))}
            >
              {t("conversations.forward")}
            </Button>
          </Group>
        )
      ) : null}
    </Stack>
  );
}
