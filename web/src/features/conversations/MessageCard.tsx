import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconPaperclip } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { formatAddress, type Message } from "./api";
import { MessageFrame } from "./MessageFrame";

const STATUS_COLORS = {
  scheduled: "grape",
  queued: "gray",
  sending: "blue",
  sent: "teal",
  failed: "red",
} as const;

function kb(bytes: number) {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * One letter: who, when, its send state; the reply text with the quoted history collapsed, or its HTML in a
 * sandboxed frame (remote images only after "show images"); attachments.
 */
export function MessageCard(props: {
  message: Message;
  onRetry?: () => void;
  onCancel?: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const m = props.message;
  const [showQuoted, setShowQuoted] = useState(false);
  const [asHtml, setAsHtml] = useState(false);
  const [images, setImages] = useState(false);
  const status = m.sendStatus;
  return (
    <Paper withBorder p="md" radius="md" data-testid="mail-message">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" truncate="end">
              {m.from.map(formatAddress).join(", ")}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {t("conversations.toLine", { to: [...m.to, ...m.cc].map(formatAddress).join(", ") })}
            </Text>
          </Stack>
          <Group gap="xs">
            {status && status !== "sent" ? (
              <Badge color={STATUS_COLORS[status]} variant="light">
                {t(`conversations.status.${status}`)}
              </Badge>
            ) : null}
            <Text size="xs" c="dimmed" title={format.dateTime(m.sentAt)}>
              {status === "scheduled" && m.scheduledAt
                ? format.dateTime(m.scheduledAt)
                : format.relative(m.sentAt)}
            </Text>
          </Group>
        </Group>
        {status === "failed" ? (
          <Alert color="red" title={t("conversations.failed")}>
            <Stack gap="xs">
              <Text size="sm">{m.sendError}</Text>
              <Group gap="xs">
                {props.onRetry ? (
                  <Button size="xs" onClick={props.onRetry} loading={props.busy}>
                    {t("conversations.retry")}
                  </Button>
                ) : null}
                {props.onCancel ? (
                  <Button size="xs" variant="subtle" color="red" onClick={props.onCancel}>
                    {t("conversations.discard")}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {status === "scheduled" && props.onCancel ? (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={props.onCancel}>
              {t("conversations.cancelScheduled")}
            </Button>
          </Group>
        ) : null}
        {asHtml && m.html ? (
          <Stack gap={4}>
            {m.hasRemoteImages && !images ? (
              <Group gap="xs">
                <Text size="xs" c="dimmed">
                  {t("conversations.imagesBlocked")}
                </Text>
                <Button size="compact-xs" variant="light" onClick={() => setImages(true)}>
                  {t("conversations.showImages")}
                </Button>
              </Group>
            ) : null}
            <MessageFrame html={m.html} showImages={images} />
          </Stack>
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {showQuoted && m.quoted ? m.quoted : m.text}
          </Text>
        )}
        <Group gap="xs">
          {m.quoted && !asHtml ? (
            <Button size="compact-xs" variant="subtle" onClick={() => setShowQuoted((v) => !v)}>
              {showQuoted ? t("conversations.hideQuoted") : t("conversations.showQuoted")}
            </Button>
          ) : null}
          {m.html ? (
            <Button size="compact-xs" variant="subtle" onClick={() => setAsHtml((v) => !v)}>
              {asHtml ? t("conversations.showText") : t("conversations.showHtml")}
            </Button>
          ) : null}
        </Group>
        {m.attachments.length > 0 ? (
          <Group gap="sm">
            {m.attachments.map((a) => (
              <Group key={a.id} gap={4}>
                <IconPaperclip size={14} aria-hidden />
                {a.downloadUrl ? (
                  <Anchor href={a.downloadUrl} size="sm">
                    {a.name}
                  </Anchor>
                ) : (
                  <Text size="sm">{a.name}</Text>
                )}
                <Text size="xs" c="dimmed">
                  {kb(a.size)}
                </Text>
              </Group>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
