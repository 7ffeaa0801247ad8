import type { FieldMeta } from "../../platform/access/fields.js";
import { SORT_BY_OWNER_NAME } from "../../platform/records/field-helpers.js";

/** Standard task fields for the shared list engine (filter/sort), field rules and export. */
export const TASK_FIELDS: FieldMeta[] = [
  { key: "id", column: "id", type: "uuid", filterable: true, sortable: false, nullable: false },
  { key: "title", column: "title", type: "text", filterable: true, sortable: true, nullable: false },
  { key: "description", column: "description", type: "longText", filterable: true, sortable: false },
  { key: "type", column: "type", type: "text", filterable: true, sortable: true, nullable: false },
  {
    key: "status",
    column: "status",
    type: "select",
    options: ["open", "done", "cancelled"],
    filterable: true,
    sortable: true,
    nullable: false,
  },
  {
    key: "priority",
    column: "priority",
    type: "select",
    options: ["low", "normal", "high", "urgent"],
    filterable: true,
    sortable: true,
    nullable: false,
  },
  // The views' sorts have `(owner_id, column, id)` indexes (`tasks_owner_*_idx`): own/team lists walk them per owner.
  { key: "dueAt", column: "due_at", type: "dateTime", filterable: true, sortable: true, ownerIndexed: true },
  {
    key: "overdueAt",
    column: "overdue_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    ownerIndexed: true,
  },
  {
    key: "completedAt",
    column: "completed_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    ownerIndexed: "desc",
  },
  {
    key: "ownerId",
    column: "owner_id",
    type: "user",
    filterable: true,
    nullable: false,
    ...SORT_BY_OWNER_NAME,
  },
  { key: "createdBy", column: "created_by", type: "user", filterable: true, sortable: false },
  {
    key: "createdAt",
    column: "created_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
    ownerIndexed: true,
  },
  {
    key: "updatedAt",
    column: "updated_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
  },
];
