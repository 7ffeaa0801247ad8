/** What other features may use from the tasks feature. */

export { taskTypesQuery, useTaskTypeNames, useTaskTypeOptions } from "./taskTypes";
