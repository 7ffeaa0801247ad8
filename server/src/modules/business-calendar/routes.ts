import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { presetHolidays } from "./presets.js";
import {
  calendarQuery,
  calendarSchema,
  datesBody,
  dayParams,
  presetParams,
  presetQuery,
  presetSchema,
  weekBody,
} from "./schemas.js";
import { getCalendar, removeDate, updateWeek, upsertDates } from "./service.js";

export function routes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/business-calendar",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["settings"],
        summary:
          "The workspace's business calendar: working hours per weekday, holidays and moved working days",
        querystring: calendarQuery,
        response: { 200: calendarSchema },
      },
    },
    async (request) => getCalendar(db, request.query.year),
  );

  app.put(
    "/api/v1/business-calendar",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Set the calendar's time zone and working week",
        body: weekBody,
        response: { 200: calendarSchema, 422: problemSchema },
      },
    },
    async (request) => updateWeek(db, requestContext(request), request.body),
  );

  app.post(
    "/api/v1/business-calendar/dates",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary:
          "Add or replace holidays and working days (by date); an imported list may replace whole years",
        body: datesBody,
        response: { 200: calendarSchema, 422: problemSchema },
      },
    },
    async (request) => upsertDates(db, requestContext(request), request.body),
  );

  app.get(
    "/api/v1/business-calendar/presets/:country",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary:
          "A country's public holidays of a year by its rules (fixed dates, Orthodox Easter, weekend carry-overs), to add as dates",
        params: presetParams,
        querystring: presetQuery,
        response: { 200: presetSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const { country } = request.params;
      const { year } = request.query;
      return {
        country,
        year,
        holidays: presetHolidays(country, year),
        manual: ["decreeTransfers", ...(country === "KZ" ? ["kurbanAit"] : [])],
      };
    },
  );

  app.delete(
    "/api/v1/business-calendar/dates/:day",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Remove a holiday or working day",
        params: dayParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await removeDate(db, requestContext(request), request.params.day);
      return reply.code(204).send(null);
    },
  );
}
