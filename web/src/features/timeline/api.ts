import { useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type TimelineItem = JsonBody<
  paths["/api/v1/timeline/{entity}/{id}"]["get"]["responses"][200]
>["items"][number];
export type ActivityBody = NonNullable<
  paths["/api/v1/activities"]["post"]["requestBody"]
>["content"]["application/json"];

export const timelineKey = (entity: string, id: string) => ["timeline", entity, id] as const;

/** The record's activity timeline, newest first, paged by cursor. */
export function useTimeline(entity: string, id: string) {
  return useInfiniteQuery({
    queryKey: timelineKey(entity, id),
    queryFn: async ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/timeline/{entity}/{id}", {
          params: { path: { entity, id }, query: { limit: 30, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const logActivity = (body: ActivityBody) => unwrap(api.POST("/api/v1/activities", { body }));

/** Call outcomes as the server stores them (stable codes); the UI shows `timeline.outcomes.<code>`. */
export const CALL_OUTCOMES = ["reached", "noAnswer", "busy", "voicemail", "wrongNumber"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const isCallOutcome = (value: string): value is CallOutcome =>
  (CALL_OUTCOMES as readonly string[]).includes(value);
