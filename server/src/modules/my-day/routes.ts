import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { money } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { taskResponse } from "../tasks/module.js";
import { myDay } from "./service.js";

const section = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), capped: z.boolean() });

const myDayResponse = z.object({
  date: z.string().describe("Today in the user's time zone"),
  timeZone: z.string(),
  overdue: section(taskResponse),
  today: section(taskResponse),
  meetings: section(
    z.object({
      source: z.enum(["task", "activity"]),
      id: z.string(),
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string().nullable(),
      place: z.string().nullable(),
    }),
  ),
  dealsWithoutNextStep: section(
    z.object({ id: z.string(), title: z.string(), stage: z.string(), amount: money.nullable() }),
  ),
  birthdays: section(z.object({ id: z.string(), name: z.string(), birthday: z.string() })),
});

export function myDayRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/my-day",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["my-day"],
        summary: "My day: overdue and today's tasks, today's meetings, deals without a next step, birthdays",
        description: "Each list holds at most 20 items with its total. Days are in the user's time zone.",
        response: { 200: myDayResponse },
      },
    },
    async (request) => myDay(db, requestContext(request).actor),
  );
}
