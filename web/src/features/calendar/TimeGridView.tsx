import { UnstyledButton } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { isSameDay, toIsoDate } from "../../ui/dates/dateMath";
import { useProfileTimeZone } from "../../ui/dates/useProfileTimeZone";
import classes from "./Calendar.module.css";
import { CalendarEvent } from "./CalendarEvent";
import type { CalendarTask } from "./calendarApi";
import { dayId, HOURS, slotId, slotOf } from "./calendarModel";
import { DropCell } from "./DropCell";

interface TimeGridViewProps {
  days: Date[];
  tasksByDay: Map<string, CalendarTask[]>;
  onCreate: (day: Date, minutes?: number) => void;
}

/** Day and week views: an all-day row, then one droppable slot per hour and day. */
export function TimeGridView({
  days,
  today,
  tasksByDay,
  onCreate,
}: TimeGridViewProps & {
  /** Today in the user's profile zone (not the browser's). */
  today: Date;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Start at 08:00 instead of midnight.
    const row = scroller.current?.querySelector<HTMLElement>('[data-hour="8"]');
    if (scroller.current && row) scroller.current.scrollTop = row.offsetTop - 64;
  }, []);
  const hourLabel = (hour: number) => format.time(new Date(2000, 0, 1, hour));
  const columns = `56px repeat(${days.length}, minmax(${days.length > 1 ? 96 : 200}px, 1fr))`;
  return (
    <div
      ref={scroller}
      className={classes.timeGrid}
      style={{ gridTemplateColumns: columns }}
      data-testid="calendar-grid"
    >
      <div className={classes.header} />
      {days.map((day) => (
        <div
          key={`h-${toIsoDate(day)}`}
          className={classes.header}
          style={{ fontWeight: isSameDay(day, today) ? 700 : 400 }}
        >
          <UnstyledButton
            fz="xs"
            fw="inherit"
            onClick={() => onCreate(day, 9 * 60)}
            aria-label={t("calendar.addOn", { date: format.date(day) })}
          >
            {format.weekdayDay(day)}
          </UnstyledButton>
        </div>
      ))}
      <div className={classes.hour}>{t("calendar.allDay")}</div>
      {days.map((day) => (
        <DropCell
          key={`a-${toIsoDate(day)}`}
          id={dayId(day)}
          className={classes.slot}
          onEmptyClick={() => onCreate(day)}
        >
          {(tasksByDay.get(toIsoDate(day)) ?? [])
            .filter((task) => task.allDay)
            .map((task) => (
              <CalendarEvent key={task.id} task={task} showTime={false} />
            ))}
        </DropCell>
      ))}
      {HOURS.map((hour) => (
        <Row
          key={hour}
          hour={hour}
          label={hourLabel(hour)}
          days={days}
          tasksByDay={tasksByDay}
          onCreate={onCreate}
        />
      ))}
    </div>
  );
}

function Row({
  hour,
  label,
  days,
  tasksByDay,
  onCreate,
}: TimeGridViewProps & { hour: number; label: string }) {
  const timeZone = useProfileTimeZone();
  return (
    <>
      <div className={classes.hour} data-hour={hour}>
        {label}
      </div>
      {days.map((day) => (
        <DropCell
          key={`${toIsoDate(day)}-${hour}`}
          id={slotId(day, hour * 60)}
          className={classes.slot}
          onEmptyClick={() => onCreate(day, hour * 60)}
        >
          {(tasksByDay.get(toIsoDate(day)) ?? [])
            .filter((task) => slotOf(task, timeZone) === hour * 60)
            .map((task) => (
              <CalendarEvent key={task.id} task={task} showTime />
            ))}
        </DropCell>
      ))}
    </>
  );
}
