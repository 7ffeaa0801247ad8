import {
  addDays,
  atTimeOf,
  parseDue,
  startOfWeek,
  todayIn,
  toIsoDate,
  wallToInstant,
} from "../../ui/dates/dateMath";
import type { MyDay } from "./myDayApi";
import type { Task } from "./types";

export type RescheduleTarget = "tomorrow" | "nextWeek" | { date: Date };

/**
 * The new due value for a task: all-day tasks stay all-day (`YYYY-MM-DD`), timed tasks keep their wall-clock
 * time. "Next week" is the Monday after this week; "tomorrow" is relative to today, not to the due date. Days and
 * times are the user's (`timeZone`, the profile's), not the browser's.
 */
export function rescheduledDue(
  task: Pick<Task, "dueAt" | "allDay">,
  target: RescheduleTarget,
  now = new Date(),
  timeZone?: string,
): string {
  const today = todayIn(timeZone, now);
  const day =
    target === "tomorrow"
      ? addDays(today, 1)
      : target === "nextWeek"
        ? addDays(startOfWeek(today, 1), 7)
        : target.date;
  const due = task.dueAt ? parseDue(task.dueAt, timeZone) : null;
  if (!due || task.allDay) return toIsoDate(day);
  return wallToInstant(atTimeOf(day, due), timeZone).toISOString();
}

type Section<T> = { items: T[]; total: number; capped: boolean };

function withoutItem<T>(section: Section<T>, matches: (item: T) => boolean): Section<T> {
  const items = section.items.filter((item) => !matches(item));
  const removed = section.items.length - items.length;
  return removed === 0 ? section : { ...section, items, total: Math.max(0, section.total - removed) };
}

/** My day without one task (optimistic complete/reschedule): gone from its list, which counts one less. */
export function withoutMyDayTask(day: MyDay | undefined, taskId: string): MyDay | undefined {
  if (!day) return day;
  const isTask = (task: { id: string }) => task.id === taskId;
  return {
    ...day,
    overdue: withoutItem(day.overdue, isTask),
    today: withoutItem(day.today, isTask),
    meetings: withoutItem(day.meetings, (meeting) => meeting.source === "task" && meeting.id === taskId),
  };
}

/** Removes a task from a cached page (optimistic complete/reschedule). */
export function withoutTask<P extends { items: Task[] }>(page: P | undefined, taskId: string): P | undefined {
  return page ? { ...page, items: page.items.filter((task) => task.id !== taskId) } : page;
}
