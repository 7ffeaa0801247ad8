import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ActivityCreateBody, TaskCreateBody } from "./types";

/** Everything My day shows, computed by the server in the user's time zone (`GET /api/v1/my-day`). */
export const MY_DAY_KEY = ["my-day"] as const;

const fetchMyDay = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/my-day", { signal }));
export type MyDay = Awaited<ReturnType<typeof fetchMyDay>>;

export const myDayQuery = queryOptions({
  queryKey: MY_DAY_KEY,
  queryFn: ({ signal }) => fetchMyDay(signal),
});

/** The next few open tasks after today (not part of My day's answer; the task list's `upcoming` view). */
export const UPCOMING_KEY = ["tasks", "my-day", "upcoming"] as const;
export const upcomingTasksQuery = queryOptions({
  queryKey: UPCOMING_KEY,
  queryFn: ({ signal }) =>
    unwrap(
      api.GET("/api/v1/tasks", {
        params: {
          query: {
            view: "upcoming",
            filter: JSON.stringify({ field: "ownerId", op: "eq", value: "me" }),
            limit: 5,
            total: "false",
          },
        },
        signal,
      }),
    ),
});

export const completeTask = (id: string, result?: string) =>
  unwrap(
    api.POST("/api/v1/tasks/{id}/complete", { params: { path: { id } }, body: result ? { result } : {} }),
  );

export const rescheduleTask = (id: string, dueAt: string) =>
  unwrap(api.POST("/api/v1/tasks/{id}/reschedule", { params: { path: { id } }, body: { dueAt } }));

export const createTask = (body: TaskCreateBody) => unwrap(api.POST("/api/v1/tasks", { body }));

export const logActivity = (body: ActivityCreateBody) => unwrap(api.POST("/api/v1/activities", { body }));
