import { Checkbox, Group, Paper, Text } from "@mantine/core";
import { IconUsers } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { RouterAnchor } from "../../ui/RouterAnchor";
import type { MyDay } from "./myDayApi";
import type { RescheduleTarget } from "./myDayModel";
import { RescheduleMenu } from "./RescheduleMenu";
import { TaskAbout } from "./TaskAbout";

export type Meeting = MyDay["meetings"]["items"][number];

interface MeetingRowProps {
  meeting: Meeting;
  timeZone: string;
  /** Only meeting tasks can be completed or moved; logged meeting activities are shown as they are. */
  onComplete?: (() => void) | undefined;
  onReschedule?: ((target: RescheduleTarget) => void) | undefined;
}

/** Today's meeting: a meeting task (complete / reschedule in one click) or a logged meeting activity. */
export function MeetingRow({ meeting, timeZone, onComplete, onReschedule }: MeetingRowProps) {
  const { t } = useTranslation();
  const format = useFormat(timeZone);
  const when = meeting.endsAt
    ? `${format.time(meeting.startsAt)}–${format.time(meeting.endsAt)}`
    : format.time(meeting.startsAt);
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li" data-testid="my-day-meeting">
      <Group wrap="nowrap" gap="sm">
        {onComplete ? (
          <Checkbox
            aria-label={t("myDay.complete", { title: meeting.title })}
            checked={false}
            onChange={onComplete}
          />
        ) : null}
        <IconUsers size={18} aria-hidden stroke={1.6} />
        <div style={{ flex: 1, minWidth: 0 }}>
          {meeting.source === "task" ? (
            <RouterAnchor
              to="/tasks/$id"
              params={{ id: meeting.id }}
              size="sm"
              fw={500}
              c="inherit"
              display="block"
              truncate
              title={meeting.title}
            >
              {meeting.title}
            </RouterAnchor>
          ) : (
            <Text size="sm" fw={500} truncate title={meeting.title}>
              {meeting.title}
            </Text>
          )}
          <Text size="xs" c="dimmed" truncate title={meeting.place ? `${when} · ${meeting.place}` : when}>
            {meeting.place ? `${when} · ${meeting.place}` : when}
          </Text>
          <TaskAbout about={meeting.about} phone={meeting.phone} />
        </div>
        {onReschedule ? (
          <RescheduleMenu title={meeting.title} onReschedule={onReschedule} timeZone={timeZone} />
        ) : null}
      </Group>
    </Paper>
  );
}
