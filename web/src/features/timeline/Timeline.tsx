import {
  Avatar,
  Button,
  Group,
  Timeline as MantineTimeline,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Typography,
} from "@mantine/core";
import {
  IconArrowsExchange,
  IconCalendarEvent,
  IconInfoCircle,
  IconMail,
  IconMessage,
  IconNote,
  IconPhone,
} from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { useTableEnv } from "../../ui/table/TableEnv";
import { isMailThreadEvent, MailThreadItem } from "../conversations";
import { isCallOutcome, type TimelineItem, useTimeline } from "./api";
import classes from "./RichText.module.css";
import { systemEventText } from "./systemEvents";
import { TimelineItemActions } from "./TimelineItemActions";

const ICONS = {
  call: IconPhone,
  meeting: IconCalendarEvent,
  note: IconNote,
  email: IconMail,
  sms: IconMessage,
  status_change: IconArrowsExchange,
  system: IconInfoCircle,
} as const;

/** Call outcomes are codes (translated here); meeting outcomes and older free-text call outcomes show as written. */
function outcomeText(t: TFunction, item: TimelineItem): string | null {
  if (!item.outcome) return null;
  return item.kind === "call" && isCallOutcome(item.outcome)
    ? t(`timeline.outcomes.${item.outcome}`)
    : item.outcome;
}

function ItemBody({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  // A mail thread (the mail module's timeline source): its snippet is plain text, with a link to the thread.
  if (isMailThreadEvent(item.event)) {
    return <MailThreadItem event={item.event} subject={item.subject} snippet={item.body} />;
  }
  const details = [
    item.direction ? t(item.direction === "in" ? "timeline.incoming" : "timeline.outgoing") : null,
    outcomeText(t, item),
    item.durationSeconds ? t("timeline.duration", { minutes: Math.round(item.durationSeconds / 60) }) : null,
    item.to ? `→ ${item.to}` : null,
    item.place,
  ].filter(Boolean);
  const eventText =
    item.event && (item.kind === "status_change" || item.kind === "system")
      ? systemEventText(t, item.event)
      : null;
  return (
    <Stack gap={2}>
      {item.subject ? (
        <Text size="sm" fw={600}>
          {item.subject}
        </Text>
      ) : null}
      {details.length > 0 ? (
        <Text size="xs" c="dimmed">
          {details.join(" · ")}
        </Text>
      ) : null}
      {item.body ? (
        <Typography fz="sm">
          {/* The server sanitizes activity HTML (allow-list) before storing and returning it. */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the server */}
          <div className={classes.richText} dangerouslySetInnerHTML={{ __html: item.body }} />
        </Typography>
      ) : null}
      {eventText ? (
        <Text size="xs" c="dimmed">
          {eventText}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The record's activities (and system events), newest first, with "show more". */
export function Timeline({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const env = useTableEnv();
  const format = useFormat(env.timeZone);
  const query = useTimeline(entity, id);
  if (query.isPending) {
    return (
      <Stack gap="sm">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={56} radius="md" />
        ))}
      </Stack>
    );
  }
  if (query.error) return <FormAlert message={problemMessage(t, query.error)} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">{t("timeline.empty")}</Text>;
  return (
    <Stack gap="sm">
      <MantineTimeline bulletSize={28} lineWidth={2}>
        {items.map((item) => {
          // A role's field rules may hide any of these fields.
          const kind = item.kind ?? "system";
          const occurredAt = item.occurredAt ?? "";
          const Icon = ICONS[kind];
          const owner = item.ownerId ? env.users.get(item.ownerId) : undefined;
          return (
            <MantineTimeline.Item
              key={item.id}
              bullet={
                <ThemeIcon size={28} radius="xl" variant="light">
                  <Icon size={16} aria-hidden />
                </ThemeIcon>
              }
              title={
                <Group gap="xs" justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {t(`timeline.kinds.${kind}`)}
                  </Text>
                  <Text size="xs" c="dimmed" title={occurredAt && format.dateTime(occurredAt)}>
                    {occurredAt && format.relative(occurredAt)}
                  </Text>
                </Group>
              }
            >
              <Paper p={0}>
                <ItemBody item={item} />
                <Group gap="xs" mt={4} justify="space-between" wrap="nowrap">
                  {owner ? (
                    <Group gap={4}>
                      <Avatar size={16} radius="xl" name={owner.name} color="initials" />
                      <Text size="xs" c="dimmed">
                        {owner.name}
                      </Text>
                    </Group>
                  ) : (
                    <span />
                  )}
                  <TimelineItemActions item={item} />
                </Group>
              </Paper>
            </MantineTimeline.Item>
          );
        })}
      </MantineTimeline>
      {query.hasNextPage ? (
        <Button variant="subtle" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t("timeline.more")}
        </Button>
      ) : null}
    </Stack>
  );
}
