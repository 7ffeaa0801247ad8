import { atTimeOf, fromIsoDate, parseDue, toIsoDate, wallToInstant } from "../../ui/dates/dateMath";
import type { CalendarTask } from "./calendarApi";

export type CalendarView = "day" | "week" | "month";

/** Droppable ids: `day:YYYY-MM-DD` (month cells, all-day row) or `slot:YYYY-MM-DD:<minutes>` (time grid). */
export const dayId = (day: Date) => `day:${toIsoDate(day)}`;
export const slotId = (day: Date, minutes: number) => `slot:${toIsoDate(day)}:${minutes}`;

export function parseDropId(id: string): { date: string; minutes?: number } | null {
  const day = /^day:(\d{4}-\d{2}-\d{2})$/.exec(id);
  if (day?.[1]) return { date: day[1] };
  const slot = /^slot:(\d{4}-\d{2}-\d{2}):(\d{1,4})$/.exec(id);
  if (slot?.[1] && slot[2]) return { date: slot[1], minutes: Number(slot[2]) };
  return null;
}

/** Tasks grouped by local day (`YYYY-MM-DD`), each day sorted all-day first, then by time. */
export function byDay(tasks: readonly CalendarTask[], timeZone?: string): Map<string, CalendarTask[]> {
  const groups = new Map<string, CalendarTask[]>();
  for (const task of tasks) {
    if (!task.dueAt) continue;
    const key = toIsoDate(parseDue(task.dueAt, timeZone));
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  for (const list of groups.values()) {
    list.sort(
      (a, b) =>
        Number(b.allDay) - Number(a.allDay) ||
        parseDue(a.dueAt ?? "", timeZone).getTime() - parseDue(b.dueAt ?? "", timeZone).getTime(),
    );
  }
  return groups;
}

/** Minutes after local midnight of a timed task (rounded down to the hour slot). */
export function slotOf(task: CalendarTask, timeZone?: string): number | null {
  if (!task.dueAt || task.allDay) return null;
  const due = parseDue(task.dueAt, timeZone);
  return due.getHours() * 60;
}

export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The due value after dropping `task` on a day cell (keeps its time) or on an hour slot (takes the hour). */
export function dueAfterDrop(
  task: CalendarTask,
  drop: { date: string; minutes?: number },
  timeZone?: string,
): string | null {
  const day = fromIsoDate(drop.date);
  if (!day || !task.dueAt) return null;
  const due = parseDue(task.dueAt, timeZone);
  if (drop.minutes === undefined)
    return task.allDay ? drop.date : wallToInstant(atTimeOf(day, due), timeZone).toISOString();
  const minuteInHour = task.allDay ? 0 : due.getMinutes();
  return wallToInstant(atTimeOf(day, due, drop.minutes + minuteInHour), timeZone).toISOString();
}
