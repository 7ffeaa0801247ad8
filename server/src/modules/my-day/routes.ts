import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { money } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { taskResponse } from "../tasks/module.js";
import { myDay } from "./service.js";

const section = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), capped: z.boolean() });

const about = {
  about: z
    .array(z.object({ entity: z.string(), id: z.string(), title: z.string() }))
    .describe(
      "The linked records the user may read, with their titles: contacts, then companies, then deals",
    ),
  phone: z
    .object({
      raw: z.string(),
      e164: z.string().nullable(),
      extension: z.string().optional(),
      entity: z.enum(["contacts", "companies"]),
      id: z.string(),
    })
    .nullable()
    .describe(
      "The number to call: the first phone of the linked contact (or a linked deal's contact, the company); null when none is readable",
    ),
};
const dayTask = taskResponse.extend(about);

const myDayResponse = z.object({
  date: z.string().describe("Today in the user's time zone"),
  timeZone: z.string(),
  overdue: section(dayTask),
  today: section(dayTask),
  meetings: section(
    z.object({
      source: z.enum(["task", "activity"]),
      id: z.string(),
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string().nullable(),
      place: z.string().nullable(),
      ...about,
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
