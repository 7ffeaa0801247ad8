import { useDraggable } from "@dnd-kit/core";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import { useFormat } from "../../i18n/useFormat";
import { parseDue } from "../../ui/dates/dateMath";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import { useTaskTypeNames } from "../tasks";
import classes from "./Calendar.module.css";
import type { CalendarTask } from "./calendarApi";

/** A task/meeting chip; drag it to another day or hour to reschedule. */
export function CalendarEvent({ task, showTime }: { task: CalendarTask; showTime: boolean }) {
  const { t } = useTranslation();
  const typeNames = useTaskTypeNames();
  const format = useFormat();
  const timeZone = useProfileTimeZone();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: task.id,
    disabled: task.status !== "open",
  });
  const time =
    showTime && task.dueAt && !task.allDay ? `${format.time(parseDue(task.dueAt, timeZone))} ` : "";
  const className = [
    classes.event,
    task.type === "meeting" ? classes.meeting : "",
    task.overdue ? classes.overdue : "",
    task.status === "done" ? classes.done : "",
  ].join(" ");
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...attributes}
      {...listeners}
      className={className}
      style={{ opacity: isDragging ? 0.4 : undefined }}
      title={`${time}${task.title}`}
      aria-label={t("calendar.event", {
        time,
        title: task.title,
        type: enumLabel(t, "type", task.type, typeNames),
      })}
      onClick={(event) => event.stopPropagation()}
      data-testid="calendar-event"
    >
      {time}
      {task.title}
    </button>
  );
}
