import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export type TaskStatus = "open" | "done" | "cancelled";
export type TaskPriority = "low" | "normal" | "high" | "urgent";

export interface TaskParticipant {
  userId?: string;
  contactId?: string;
  name?: string;
  email?: string;
}

export interface TaskTypesTable {
  key: string;
  name: string;
  is_active: Generated<boolean>;
  position: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TasksTable {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  type: string;
  status: Generated<TaskStatus>;
  priority: Generated<TaskPriority>;
  due_at: Date | null;
  due_date: string | null;
  all_day: Generated<boolean>;
  time_zone: Generated<string>;
  overdue_at: Date | null;
  duration_minutes: number | null;
  reminders: ColumnType<number[], number[] | undefined, number[]>;
  due_version: Generated<number>;
  location: string | null;
  participants: Json<TaskParticipant[]>;
  /** Custom field values (`custom_fields` of entity `tasks`). */
  custom: ColumnType<Record<string, unknown>, string | undefined, string | Record<string, unknown>>;
  result: string | null;
  completed_at: Date | null;
  overdue_notified_at: Date | null;
  escalated_at: Date | null;
  owner_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface TaskLinksTable {
  task_id: string;
  entity: string;
  record_id: string;
}

export interface TasksTables {
  task_types: TaskTypesTable;
  tasks: TasksTable;
  task_links: TaskLinksTable;
}
