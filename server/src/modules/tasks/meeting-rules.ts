import { ValidationError } from "../../platform/errors.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A meeting without a start time and a length shows nowhere (My day, calendar and reminders place it by its
 * time), so a task of type `meeting` needs `dueAt` as a date-time and `durationMinutes`. Both errors are
 * reported at once so a form can mark both fields.
 */
export function assertMeetingScheduled(task: {
  type: string;
  dueAt: string | null;
  durationMinutes: number | null;
}): void {
  if (task.type !== "meeting") return;
  const errors: { field: string; message: string; code: string }[] = [];
  if (task.dueAt === null || DATE_ONLY.test(task.dueAt))
    errors.push({
      field: "body.dueAt",
      message: "A meeting needs a start date and time.",
      code: "meeting_start_required",
    });
  if (task.durationMinutes === null)
    errors.push({
      field: "body.durationMinutes",
      message: "A meeting needs a duration.",
      code: "meeting_duration_required",
    });
  if (errors.length > 0) throw new ValidationError(errors);
}
