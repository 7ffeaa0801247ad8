import { Badge, Group, Stack, Text } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { RouterAnchor } from "../../ui/RouterAnchor";

/** The `event` of a mail thread on a record's timeline (the mail module's timeline source). */
export interface MailThreadEvent {
  type: "mailThread";
  threadId: string;
  messageCount?: number;
  participants?: { name: string | null; address: string }[];
  private?: boolean;
  restricted?: boolean;
  unread?: boolean;
}

export const isMailThreadEvent = (event: unknown): event is MailThreadEvent =>
  typeof event === "object" &&
  event !== null &&
  (event as { type?: unknown }).type === "mailThread" &&
  typeof (event as { threadId?: unknown }).threadId === "string";

/**
 * A thread on a record's timeline: subject (bold while unread), participants, the snippet as plain text, and a
 * link to the conversation page. A private thread seen through the record shows no snippet.
 */
export function MailThreadItem(props: {
  event: MailThreadEvent;
  subject: string | null | undefined;
  snippet: string | null | undefined;
}) {
  const { t } = useTranslation();
  const { event } = props;
  const who = (event.participants ?? []).map((p) => p.name || p.address).join(", ");
  return (
    <Stack gap={2} data-testid="timeline-mail-thread">
      <Group gap={6} wrap="nowrap">
        {event.private ? <IconLock size={14} aria-label={t("conversations.private")} /> : null}
        <RouterAnchor
          to="/conversations/$id"
          params={{ id: event.threadId }}
          size="sm"
          fw={event.unread ? 700 : 600}
        >
          {props.subject || t("conversations.noSubject")}
        </RouterAnchor>
        {event.messageCount && event.messageCount > 1 ? (
          <Badge size="xs" variant="light">
            {t("conversations.messages", { count: event.messageCount })}
          </Badge>
        ) : null}
      </Group>
      {who ? (
        <Text size="xs" c="dimmed" truncate="end">
          {who}
        </Text>
      ) : null}
      {props.snippet && !event.restricted ? (
        <Text size="sm" lineClamp={3}>
          {props.snippet}
        </Text>
      ) : null}
    </Stack>
  );
}
