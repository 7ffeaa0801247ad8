import type { DB } from "../../platform/db/schema.js";

export type { TaskParticipant, TaskPriority, TaskStatus } from "../../platform/db/column-types.js";

export type TaskTypesTable = DB["task_types"];
/** `custom`: custom field values (`custom_fields` of entity `tasks`). */
export type TasksTable = DB["tasks"];
export type TaskLinksTable = DB["task_links"];
