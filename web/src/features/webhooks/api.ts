import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer B }
    ? JsonBody<B>
    : R extends { 201: infer B }
      ? JsonBody<B>
      : R extends { 202: infer B }
        ? JsonBody<B>
        : never
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Webhook = Ok<"/api/v1/webhooks", "get">["items"][number];
export type CreatedWebhook = Ok<"/api/v1/webhooks", "post">;
export type WebhookBody = Body<"/api/v1/webhooks", "post">;
export type WebhookPatch = Body<"/api/v1/webhooks/{id}", "patch">;
export type WebhookFilter = NonNullable<WebhookBody["filter"]>;
export type FilterCondition = WebhookFilter["conditions"][number];
export type EventType = Ok<"/api/v1/webhooks/event-types", "get">["items"][number];
export type Delivery = Ok<"/api/v1/webhooks/{id}/deliveries", "get">["items"][number];
export type DeliveryDetail = Ok<"/api/v1/webhooks/{id}/deliveries/{deliveryId}", "get">;
export type Attempt = DeliveryDetail["attemptLog"][number];

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: ["webhooks", "list"] as const,
  deliveries: (id: string) => ["webhooks", "deliveries", id] as const,
  delivery: (id: string, deliveryId: string) => ["webhooks", "delivery", id, deliveryId] as const,
};

export const webhooksQuery = queryOptions({
  queryKey: webhookKeys.list,
  queryFn: () => unwrap(api.GET("/api/v1/webhooks")),
  select: (page) => page.items,
});

export const eventTypesQuery = queryOptions({
  queryKey: ["webhooks", "event-types"],
  queryFn: () => unwrap(api.GET("/api/v1/webhooks/event-types")),
  select: (page) => page.items,
  staleTime: 5 * 60_000,
});

export const deliveriesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/webhooks/{id}/deliveries", {
          params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const deliveryQuery = (id: string, deliveryId: string) =>
  queryOptions({
    queryKey: webhookKeys.delivery(id, deliveryId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/webhooks/{id}/deliveries/{deliveryId}", { params: { path: { id, deliveryId } } }),
      ),
  });
