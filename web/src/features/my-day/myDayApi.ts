import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { pipelinesQuery } from "../pipeline-board/boardApi";
import { hasBirthdayOn, withoutNextStep } from "./myDayModel";
import type { ActivityCreateBody, TaskCreateBody } from "./types";

const mine = { field: "ownerId", op: "eq", value: "me" };
const json = (value: unknown) => JSON.stringify(value);

export const tasksViewQuery = (view: "overdue" | "today" | "upcoming") =>
  queryOptions({
    queryKey: ["tasks", "my-day", view],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/tasks", {
          params: {
            query: { view, filter: json(mine), limit: view === "upcoming" ? 5 : 100, total: "false" },
          },
        }),
      ),
  });

/** My open deals (first 100) in open stages that have no open task linked. */
export const dealsWithoutNextStepQuery = queryOptions({
  queryKey: ["deals", "my-day", "without-next-step"],
  queryFn: async ({ client }) => {
    const pipelines = await client.fetchQuery(pipelinesQuery);
    const openStages = pipelines.items.flatMap((p) =>
      p.stages.filter((s) => s.kind === "open").map((s) => s.id),
    );
    if (openStages.length === 0) return [];
    const filter = json({ and: [mine, { field: "stageId", op: "in", value: openStages }] });
    const [deals, tasks] = await Promise.all([
      unwrap(api.GET("/api/v1/deals", { params: { query: { filter, limit: 100, total: "false" } } })),
      unwrap(
        api.GET("/api/v1/tasks", {
          params: {
            query: { filter: json({ field: "status", op: "eq", value: "open" }), limit: 200, total: "false" },
          },
        }),
      ),
    ]);
    const linked = new Set(
      tasks.items.flatMap((task) => task.links.filter((l) => l.entity === "deals").map((l) => l.id)),
    );
    return withoutNextStep(deals.items, linked);
  },
});

/** My contacts with a birthday today (checked on the first 200 with a birthday). */
export const birthdaysQuery = queryOptions({
  queryKey: ["contacts", "my-day", "birthdays"],
  queryFn: async () => {
    const filter = json({ and: [mine, { field: "birthday", op: "isNotEmpty" }] });
    const page = await unwrap(
      api.GET("/api/v1/contacts", { params: { query: { filter, limit: 200, total: "false" } } }),
    );
    const today = new Date();
    return page.items.filter((contact) => hasBirthdayOn(contact.birthday, today));
  },
});

export const completeTask = (id: string, result?: string) =>
  unwrap(
    api.POST("/api/v1/tasks/{id}/complete", { params: { path: { id } }, body: result ? { result } : {} }),
  );

export const rescheduleTask = (id: string, dueAt: string) =>
  unwrap(api.POST("/api/v1/tasks/{id}/reschedule", { params: { path: { id } }, body: { dueAt } }));

export const createTask = (body: TaskCreateBody) => unwrap(api.POST("/api/v1/tasks", { body }));

export const logActivity = (body: ActivityCreateBody) => unwrap(api.POST("/api/v1/activities", { body }));
