import { type SqlBool, sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";
import { TASK_FIELDS } from "./fields.js";
import { type TaskCreateInput, type TaskUpdateInput, taskCreateBody, taskUpdateBody } from "./schemas.js";
import { createTask, updateTask } from "./service.js";

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
    files: true,
    customFields: true,
    views: true,
    export: { formats: ["csv", "xlsx"] },
  },
  // Arrow functions: service.ts is read when a rule runs, not while this file loads (no import-order trap).
  writer: {
    patchSchema: taskUpdateBody,
    update: (trx, ctx, jobs, id, patch) => updateTask(trx, ctx, jobs, id, patch as TaskUpdateInput),
  },
  creator: {
    createSchema: taskCreateBody,
    create: (trx, ctx, jobs, input) => createTask(trx, ctx, jobs, input as TaskCreateInput),
    // A task links to any record of a linkable entity (task_links).
    linkTo: (to, id) => (to.capabilities.linkable ? { links: [{ entity: to.name, id }] } : null),
  },
};
