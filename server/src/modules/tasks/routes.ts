import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { listTasks } from "./list.js";
import { escalationSettingsRoutes } from "./routes-escalation.js";
import {
  completeBody,
  rescheduleBody,
  taskCreateBody,
  taskListQuery,
  taskListResponse,
  taskResponse,
  taskUpdateBody,
} from "./schemas.js";
import { completeTask, createTask, deleteTask, getTask, rescheduleTask, updateTask } from "./service.js";
import { taskTypeRoutes } from "./task-types.js";

const tags = ["tasks"];
const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

export function taskRoutes(app: App, deps: AppDeps): void {
  const { db, jobs } = deps;
  taskTypeRoutes(app, deps);
  escalationSettingsRoutes(app, deps);

  app.get(
    "/api/v1/tasks",
    {
      config: { access: access.entity("tasks", "read") },
      schema: {
        tags,
        summary: "Tasks: planned and done, with the overdue/today/upcoming/done shortcuts",
        querystring: taskListQuery,
        response: { 200: taskListResponse, 400: problemSchema },
      },
    },
    // Reads run on the pool: no transaction, no BEGIN/COMMIT round trips.
    async (request) => listTasks(db, requestContext(request), request.query),
  );

  app.post(
    "/api/v1/tasks",
    {
      config: { access: access.entity("tasks", "create") },
      schema: {
        tags,
        summary: "Create a task",
        body: taskCreateBody,
        response: { 201: taskResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const task = await db.transaction().execute((trx) => createTask(trx, ctx, jobs, request.body));
      return reply.code(201).send(task);
    },
  );

  app.get(
    "/api/v1/tasks/:id",
    {
      config: { access: access.entity("tasks", "read") },
      schema: {
        tags,
        summary: "A task",
        params: idParams,
        response: { 200: taskResponse, 404: problemSchema },
      },
    },
    async (request) => getTask(db, requestContext(request), request.params.id),
  );

  app.patch(
    "/api/v1/tasks/:id",
    {
      config: { access: access.entity("tasks", "update") },
      schema: {
        tags,
        summary: "Change a task (reminders are rescheduled when the due time or offsets change)",
        params: idParams,
        body: taskUpdateBody,
        response: { 200: taskResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => updateTask(trx, ctx, jobs, request.params.id, request.body));
    },
  );

  app.post(
    "/api/v1/tasks/:id/complete",
    {
      config: { access: access.entity("tasks", "update") },
      schema: {
        tags,
        summary: "Mark a task done, with an optional result (e.g. the call outcome)",
        params: idParams,
        body: completeBody,
        response: { 200: taskResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db
        .transaction()
        .execute((trx) => completeTask(trx, ctx, jobs, request.params.id, request.body.result));
    },
  );

  app.post(
    "/api/v1/tasks/:id/reschedule",
    {
      config: { access: access.entity("tasks", "update") },
      schema: {
        tags,
        summary: "Move an open task to another due time",
        params: idParams,
        body: rescheduleBody,
        response: { 200: taskResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db
        .transaction()
        .execute((trx) => rescheduleTask(trx, ctx, jobs, request.params.id, request.body));
    },
  );

  app.delete(
    "/api/v1/tasks/:id",
    {
      config: { access: access.entity("tasks", "delete") },
      schema: {
        tags,
        summary: "Delete a task",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => deleteTask(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
