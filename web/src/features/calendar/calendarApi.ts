import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { wallToInstant } from "../../ui/dates/dateMath";
import type { TaskPage } from "../my-day";

export type CalendarTask = TaskPage["items"][number];

export const calendarKey = (from: Date, to: Date, filter: string | undefined) =>
  ["tasks", "calendar", from.toISOString(), to.toISOString(), filter ?? ""] as const;

/** Open and done tasks/meetings due in [from, to) — up to 500, enough for a month of one team. */
export const calendarQuery = (
  localFrom: Date,
  localTo: Date,
  people: Record<string, unknown>[],
  timeZone?: string,
) => {
  // The visible days are days of the profile's zone.
  const from = wallToInstant(localFrom, timeZone);
  const to = wallToInstant(localTo, timeZone);
  const conditions = [
    { field: "dueAt", op: "gte", value: from.toISOString() },
    { field: "dueAt", op: "lt", value: to.toISOString() },
    { field: "status", op: "ne", value: "cancelled" },
    ...people,
  ];
  const filter = JSON.stringify({ and: conditions });
  return queryOptions({
    queryKey: calendarKey(from, to, JSON.stringify(people)),
    queryFn: async () => {
      const items: CalendarTask[] = [];
      let cursor: string | undefined;
      do {
        const page: TaskPage = await unwrap(
          api.GET("/api/v1/tasks", {
            params: {
              query: { filter, sort: "dueAt", limit: 200, total: "false", ...(cursor ? { cursor } : {}) },
            },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < 500);
      return items;
    },
  });
};
