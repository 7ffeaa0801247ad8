import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import { useFormat } from "../../i18n/useFormat";
import { parseDue } from "../../ui/dates/dateMath";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import type { AnyRecord } from "./api";
import { CreateTaskButton } from "./CreateButtons";
import { RelatedList } from "./RelatedList";

/** When a task is due, as the user reads it: the day of an all-day task, else date and time in their zone. */
function TaskDue({ task }: { task: AnyRecord }) {
  const timeZone = useProfileTimeZone();
  const format = useFormat(timeZone);
  const localDay = useFormat();
  if (typeof task.dueAt !== "string" || !task.dueAt) return null;
  const text = task.allDay === true ? localDay.date(parseDue(task.dueAt)) : format.dateTime(task.dueAt);
  const late = task.overdue === true && task.status === "open";
  return (
    <Text size="xs" c={late ? "red" : "dimmed"} style={{ whiteSpace: "nowrap" }} data-testid="task-due">
      {text}
    </Text>
  );
}

/** Open tasks linked to a record, with their due dates and "plan a task" / "plan a meeting". */
export function RelatedTasks({ entity, id }: { entity: "companies" | "contacts" | "deals"; id: string }) {
  const { t } = useTranslation();
  return (
    <RelatedList
      title={t("nav.tasks")}
      entity="tasks"
      query={{ linked: `${entity}:${id}`, view: "all", sort: "dueAt" }}
      extra={(task) => (
        <Group gap={6} wrap="nowrap">
          <TaskDue task={task} />
          {task.overdue === true && task.status === "open" ? (
            <Badge color="red" size="xs">
              {t("tasks.overdue")}
            </Badge>
          ) : task.status === "done" ? (
            <Badge color="gray" size="xs">
              {enumLabel(t, "status", "done")}
            </Badge>
          ) : null}
        </Group>
      )}
      action={
        <>
          <CreateTaskButton link={{ entity, id }} label={t("records.planTask")} />
          <CreateTaskButton link={{ entity, id }} type="meeting" label={t("records.planMeeting")} />
        </>
      }
    />
  );
}
