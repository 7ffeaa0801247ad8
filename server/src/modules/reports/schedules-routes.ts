import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  createSchedule,
  createScheduleBody,
  deleteSchedule,
  listSchedules,
  scheduleSchema,
  updateSchedule,
  updateScheduleBody,
} from "./schedules-service.js";

const tags = ["report-schedules"];
const auth = () => access.authenticated();

export function scheduleRoutes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/report-schedules",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "The caller's report schedules and those sending to them",
        querystring: z.strictObject({ reportId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(scheduleSchema) }) },
      },
    },
    async (req) => ({ items: await listSchedules(db, requestContext(req).actor, req.query) }),
  );
  app.post(
    "/api/v1/report-schedules",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary:
          "Email a report or dashboard daily/weekly/monthly as PDF or XLSX (each recipient's permissions)",
        body: createScheduleBody,
        response: { 201: scheduleSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createSchedule(trx, requestContext(req), req.body))),
  );
  app.patch(
    "/api/v1/report-schedules/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Change, pause or resume a schedule (owner only)",
        params: idParams,
        body: updateScheduleBody,
        response: { 200: scheduleSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateSchedule(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/report-schedules/:id",
    {
      config: { access: auth() },
      schema: {
        tags,
        summary: "Delete a schedule (owner only)",
        params: idParams,
        response: { 204: z.null(), 403: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteSchedule(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
}
