import { type SqlBool, sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { TASK_FIELDS } from "./fields.js";

export const tasksEntity: EntityDefinition = {
  name: "tasks",
  labels: {
    en: { singular: "Task", plural: "Tasks" },
    ru: { singular: "Задача", plural: "Задачи" },
    sr: { singular: "Задатак", plural: "Задаци" },
    kk: { singular: "Тапсырма", plural: "Тапсырмалар" },
  },
  table: "tasks",
  ownerColumn: "owner_id",
  title: "title",
  softDeleteColumn: "deleted_at",
  fields: TASK_FIELDS,
  // Identity's hand-over moves a deactivated user's open tasks to someone else.
  handover: (t) => sql<SqlBool>`${sql.ref(`${t}.status`)} = 'open' and ${sql.ref(`${t}.deleted_at`)} is null`,
  handoverLabel: "tasks",
  defaultSort: "dueAt",
  navigation: { group: "work", order: 50 },
  capabilities: {
    customFields: true,
    views: true,
    export: { formats: ["csv", "xlsx"] },
  },
};
