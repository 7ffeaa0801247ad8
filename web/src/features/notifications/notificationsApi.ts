import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type NotificationPage = JsonBody<paths["/api/v1/notifications"]["get"]["responses"][200]>;
export type AppNotification = NotificationPage["items"][number];

export const notificationsKey = ["notifications"] as const;

export const notificationsQuery = queryOptions({
  queryKey: notificationsKey,
  queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 20 } } })),
  staleTime: 60_000,
});

/** Marks one of my notifications read or unread (`PATCH {read}`). */
export const setNotificationRead = (id: string, read: boolean) =>
  unwrap(api.PATCH("/api/v1/notifications/{id}", { params: { path: { id } }, body: { read } }));

export const markAllNotificationsRead = () => unwrap(api.POST("/api/v1/notifications/read-all"));

/** A live notification arriving first: prepend it (once) and count it as unread. */
export function withLive(page: NotificationPage | undefined, item: AppNotification): NotificationPage {
  const items = page?.items ?? [];
  if (items.some((other) => other.id === item.id)) return page ?? { items, nextCursor: null, unreadCount: 0 };
  return {
    items: [item, ...items].slice(0, 50),
    nextCursor: page?.nextCursor ?? null,
    unreadCount: (page?.unreadCount ?? 0) + (item.readAt ? 0 : 1),
  };
}

/** The page after marking one notification (or all) read, or one unread; the unread count follows. */
export function withRead(
  page: NotificationPage | undefined,
  id: string | "all",
  read = true,
): NotificationPage | undefined {
  if (!page) return page;
  const now = new Date().toISOString();
  let changed = 0;
  const items = page.items.map((item) => {
    if (id !== "all" && item.id !== id) return item;
    if (read && !item.readAt) {
      changed += 1;
      return { ...item, readAt: now };
    }
    if (!read && item.readAt) {
      changed += 1;
      return { ...item, readAt: null };
    }
    return item;
  });
  if (id === "all" && read) return { ...page, items, unreadCount: 0 };
  const unreadCount = read ? Math.max(0, page.unreadCount - changed) : page.unreadCount + changed;
  return { ...page, items, unreadCount };
}

/** Where clicking a notification leads (the record's page), or null. */
export function notificationTarget(item: Pick<AppNotification, "entity" | "entityId">): string | null {
  if (!item.entity || !item.entityId) return null;
  const id = encodeURIComponent(item.entityId);
  switch (item.entity) {
    case "companies":
    case "contacts":
    case "deals":
      return `/${item.entity}/${id}`;
    case "tasks":
      return "/my-day";
    default:
      return null;
  }
}
