import { z } from "zod";
import { writeAudit } from "../../platform/audit/audit.js";
import { patchRow } from "../../platform/db/patch-row.js";
import { ConflictError, NotFoundError } from "../../platform/errors.js";
import { diff } from "../../platform/events/outbox.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { auditOrigin } from "../identity/module.js";
import { BUILTIN_TASK_TYPES, taskTypeCreateBody, taskTypeSchema, taskTypeUpdateBody } from "./schemas.js";

const tags = ["tasks"];
const keyParams = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

/** Task types: the built-in call, email, meeting, todo plus the ones an administrator adds. */
export function taskTypeRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/task-types",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Task types",
        response: { 200: z.object({ items: z.array(taskTypeSchema) }) },
      },
    },
    async () => {
      const custom = await db
        .selectFrom("task_types")
        .selectAll()
        .orderBy("position")
        .orderBy("key")
        .execute();
      return {
        items: [
          ...BUILTIN_TASK_TYPES.map((key, i) => ({
            key,
            name: key,
            builtIn: true,
            isActive: true,
            position: i,
          })),
          ...custom.map((t) => ({
            key: t.key,
            name: t.name,
            builtIn: false,
            isActive: t.is_active,
            position: t.position,
          })),
        ],
      };
    },
  );

  app.post(
    "/api/v1/task-types",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags,
        summary: "Add a task type",
        body: taskTypeCreateBody,
        response: { 201: taskTypeSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { key, name, position } = request.body;
      if ((BUILTIN_TASK_TYPES as readonly string[]).includes(key)) {
        throw new ConflictError("task_type_exists", "This key is a built-in type.");
      }
      const ctx = requestContext(request);
      const row = await db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto("task_types")
          .values({ key, name, position: position ?? 0 })
          .onConflict((oc) => oc.column("key").doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!created) throw new ConflictError("task_type_exists", "A task type with this key exists.");
        await writeAudit(trx, {
          ...auditOrigin(ctx),
          action: "task_type.created",
          entity: "task_types",
          changes: diff({}, auditedFields(created)),
          details: { key },
        });
        return created;
      });
      return reply.code(201).send({
        key: row.key,
        name: row.name,
        builtIn: false,
        isActive: row.is_active,
        position: row.position,
      });
    },
  );

  app.patch(
    "/api/v1/task-types/:key",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags,
        summary: "Rename, reorder or deactivate a task type (existing tasks keep it)",
        params: keyParams,
        body: taskTypeUpdateBody,
        response: { 200: taskTypeSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const b = request.body;
      const ctx = requestContext(request);
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("task_types")
          .selectAll()
          .where("key", "=", request.params.key)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw new NotFoundError("Task type");
        const after = await patchRow(
          trx,
          "task_types",
          before.key,
          {
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.isActive !== undefined ? { is_active: b.isActive } : {}),
            ...(b.position !== undefined ? { position: b.position } : {}),
          },
          "key",
        );
        const changes = diff(auditedFields(before), auditedFields(after));
        if (Object.keys(changes).length > 0) {
          await writeAudit(trx, {
            ...auditOrigin(ctx),
            action: "task_type.updated",
            entity: "task_types",
            changes,
            details: { key: before.key },
          });
        }
        return after;
      });
      return {
        key: row.key,
        name: row.name,
        builtIn: false,
        isActive: row.is_active,
        position: row.position,
      };
    },
  );
}

const auditedFields = (t: { name: string; is_active: boolean; position: number }) => ({
  name: t.name,
  isActive: t.is_active,
  position: t.position,
});
