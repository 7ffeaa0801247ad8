import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer B }
    ? JsonBody<B>
    : R extends { 201: infer B }
      ? JsonBody<B>
      : never
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Mailbox = Ok<"/api/v1/mailboxes", "get">["items"][number];
export type Preset = Ok<"/api/v1/mailboxes/presets", "get">["items"][number];
export type CreateMailboxBody = Body<"/api/v1/mailboxes", "post">;
export type UpdateMailboxBody = Body<"/api/v1/mailboxes/{id}", "patch">;
export type TestMailboxBody = Body<"/api/v1/mailboxes/test", "post">;

export const mailboxKeys = { list: ["mailboxes", "list"] as const };

/** Sync state changes in the background: the list refreshes every few seconds while a mailbox is not live. */
export const mailboxesQuery = queryOptions({
  queryKey: mailboxKeys.list,
  queryFn: () => unwrap(api.GET("/api/v1/mailboxes")),
  select: (page) => page.items,
  refetchInterval: (query) =>
    (query.state.data?.items ?? []).some((m) => m.state === "pending" || m.state === "backfilling")
      ? 3000
      : 30_000,
});

export const presetsQuery = queryOptions({
  queryKey: ["mailboxes", "presets"],
  queryFn: () => unwrap(api.GET("/api/v1/mailboxes/presets")),
  select: (page) => page.items,
  staleTime: Number.POSITIVE_INFINITY,
});
