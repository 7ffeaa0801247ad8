import { addDays, atTimeOf, fromIsoDate, parseDue, startOfWeek, toIsoDate } from "../calendar/dateMath";
import type { Task } from "./types";

export type RescheduleTarget = "tomorrow" | "nextWeek" | { date: Date };

/**
 * The new due value for a task: all-day tasks stay all-day (`YYYY-MM-DD`), timed tasks keep their wall-clock
 * time. "Next week" is the Monday after this week; "tomorrow" is relative to today, not to the due date.
 */
export function rescheduledDue(
  task: Pick<Task, "dueAt" | "allDay">,
  target: RescheduleTarget,
  now = new Date(),
): string {
  const day =
    target === "tomorrow"
      ? addDays(now, 1)
      : target === "nextWeek"
        ? addDays(startOfWeek(now, 1), 7)
        : target.date;
  const due = task.dueAt ? parseDue(task.dueAt) : null;
  if (!due || task.allDay) return toIsoDate(day);
  return atTimeOf(day, due).toISOString();
}

/** Contacts whose birthday (any year) falls on `today`'s month and day; 29 Feb counts on 28 Feb otherwise. */
export function hasBirthdayOn(birthday: string | null | undefined, today: Date): boolean {
  const date = birthday ? fromIsoDate(birthday) : null;
  if (!date) return false;
  const month = date.getMonth();
  const day = date.getDate();
  if (month === today.getMonth() && day === today.getDate()) return true;
  const leap = new Date(today.getFullYear(), 1, 29).getMonth() === 1;
  return month === 1 && day === 29 && !leap && today.getMonth() === 1 && today.getDate() === 28;
}

/** Deals among `deals` that have no open task linked to them. */
export function withoutNextStep<T extends { id: string }>(
  deals: readonly T[],
  dealsWithTasks: ReadonlySet<string>,
): T[] {
  return deals.filter((deal) => !dealsWithTasks.has(deal.id));
}

/** Removes a task from a cached page (optimistic complete/reschedule). */
export function withoutTask<P extends { items: Task[] }>(page: P | undefined, taskId: string): P | undefined {
  return page ? { ...page, items: page.items.filter((task) => task.id !== taskId) } : page;
}
