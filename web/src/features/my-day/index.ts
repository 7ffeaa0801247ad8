/** What other features may use from My day: its task page type and rescheduling a task. */

export { rescheduleTask } from "./myDayApi";
export { type PlanTaskDefaults, PlanTaskDialog } from "./PlanTaskDialog";
export type { TaskPage } from "./types";
