import { Badge, Button, Checkbox, Group, Paper, Text } from "@mantine/core";
import { IconMail, IconPhone, IconPoint, IconUsers } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import { useFormat } from "../../i18n/useFormat";
import { parseDue } from "../../ui/dates/dateMath";
import { RouterAnchor } from "../../ui/RouterAnchor";
import type { RescheduleTarget } from "./myDayModel";
import { RescheduleMenu } from "./RescheduleMenu";
import { type AboutRecord, type DayPhone, TaskAbout } from "./TaskAbout";
import type { Task } from "./types";

const ICONS = { call: IconPhone, meeting: IconUsers, email: IconMail } as const;

/** A task; My day's carry whom they are about and a number to call (the upcoming list's do not). */
export type TaskRowTask = Task & { about?: AboutRecord[]; phone?: DayPhone | null };

interface TaskRowProps {
  task: TaskRowTask;
  onComplete: () => void;
  onReschedule: (target: RescheduleTarget) => void;
  onLogCall: () => void;
  /** The user's time zone (My day's days are theirs, not the browser's). */
  timeZone?: string | undefined;
}

export function TaskRow({ task, onComplete, onReschedule, onLogCall, timeZone }: TaskRowProps) {
  const { t } = useTranslation();
  const format = useFormat(timeZone);
  const Icon = ICONS[task.type as keyof typeof ICONS] ?? IconPoint;
  const due = task.dueAt ? parseDue(task.dueAt) : null;
  const isToday = due ? format.date(due) === format.date(new Date()) : false;
  const when = due
    ? task.allDay
      ? format.date(due)
      : isToday
        ? format.time(due)
        : format.dateTime(due)
    : "";
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li" data-testid="my-day-task">
      <Group wrap="nowrap" gap="sm">
        <Checkbox
          aria-label={t("myDay.complete", { title: task.title })}
          checked={false}
          onChange={onComplete}
        />
        <Icon size={18} aria-hidden stroke={1.6} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <RouterAnchor
            to="/tasks/$id"
            params={{ id: task.id }}
            size="sm"
            fw={500}
            c="inherit"
            display="block"
            truncate
            title={task.title}
          >
            {task.title}
          </RouterAnchor>
          <Group gap={6}>
            {when ? (
              <Text size="xs" c={task.overdue ? "red" : "dimmed"}>
                {when}
              </Text>
            ) : null}
            {task.priority === "high" || task.priority === "urgent" ? (
              <Badge size="xs" color={task.priority === "urgent" ? "red" : "orange"} variant="light">
                {enumLabel(t, "priority", task.priority)}
              </Badge>
            ) : null}
          </Group>
          <TaskAbout about={task.about} phone={task.phone} />
        </div>
        {task.type === "call" ? (
          <Button size="compact-sm" variant="light" onClick={onLogCall}>
            {t("myDay.logCall")}
          </Button>
        ) : null}
        <RescheduleMenu title={task.title ?? ""} onReschedule={onReschedule} timeZone={timeZone} />
      </Group>
    </Paper>
  );
}
