import { UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { type IsoWeekday, isSameDay, monthGrid, toIsoDate } from "../../ui/dates/dateMath";
import classes from "./Calendar.module.css";
import { CalendarEvent } from "./CalendarEvent";
import type { CalendarTask } from "./calendarApi";
import { dayId } from "./calendarModel";
import { DropCell } from "./DropCell";

const MAX_CHIPS = 4;

interface MonthViewProps {
  /** Today in the user's profile zone (not the browser's). */
  today: Date;
  anchor: Date;
  firstDay: IsoWeekday;
  tasksByDay: Map<string, CalendarTask[]>;
  onCreate: (day: Date, minutes?: number) => void;
  onShowDay: (day: Date) => void;
}

export function MonthView({ anchor, today, firstDay, tasksByDay, onCreate, onShowDay }: MonthViewProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const weeks = monthGrid(anchor, firstDay);
  return (
    <div className={classes.month} data-testid="calendar-month">
      {(weeks[0] ?? []).map((day) => (
        <div key={`wd-${day.getDay()}`} className={classes.weekday} aria-hidden>
          {format.weekdayShort(day)}
        </div>
      ))}
      {weeks.flat().map((day) => {
        const tasks = tasksByDay.get(toIsoDate(day)) ?? [];
        const className = [
          classes.cell,
          day.getMonth() !== anchor.getMonth() ? classes.outside : "",
          isSameDay(day, today) ? classes.today : "",
        ].join(" ");
        return (
          <DropCell
            key={toIsoDate(day)}
            id={dayId(day)}
            className={className}
            onEmptyClick={() => onCreate(day)}
          >
            <UnstyledButton
              className={classes.dayNumber}
              aria-label={t("calendar.addOn", { date: format.date(day) })}
              onClick={() => onCreate(day)}
            >
              {day.getDate()}
            </UnstyledButton>
            {tasks.slice(0, MAX_CHIPS).map((task) => (
              <CalendarEvent key={task.id} task={task} showTime />
            ))}
            {tasks.length > MAX_CHIPS ? (
              <UnstyledButton fz="xs" c="dimmed" onClick={() => onShowDay(day)}>
                {t("calendar.more", { count: tasks.length - MAX_CHIPS })}
              </UnstyledButton>
            ) : null}
          </DropCell>
        );
      })}
    </div>
  );
}
