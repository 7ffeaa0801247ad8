/** What other features may use from the tasks feature. */

export type { TaskLink, TaskType } from "./CreateTaskDialog";
export { taskTypesQuery, useTaskTypeNames, useTaskTypeOptions } from "./taskTypes";
