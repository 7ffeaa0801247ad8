import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type AppNotification, type NotificationPage, notificationsKey, withLive } from "./notificationsApi";

export const NOTIFICATION_STREAM_URL = "/api/v1/notifications/stream";
const MAX_RECONNECTS = 5;

export type StreamStatus = "connecting" | "open" | "unavailable";

/** The notification in an SSE `data:` payload, or null for anything else. */
export function parseNotification(data: string): AppNotification | null {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const record = payload as Record<string, unknown>;
  if (typeof record.title !== "string" || !record.title) return null;
  const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : null;
  if (!id) return null;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id,
    kind: text(record.kind) ?? "unknown",
    titleKey: text(record.titleKey) ?? "",
    params: {},
    title: record.title,
    entity: text(record.entity),
    entityId: text(record.entityId),
    readAt: text(record.readAt),
    createdAt: text(record.createdAt) ?? new Date().toISOString(),
  };
}

export const isReminder = (item: Pick<AppNotification, "kind">) =>
  item.kind === "task.reminder" || item.kind === "task.overdue";

/**
 * Live notifications over SSE into the notifications query (the bell's count and list), with a toast for
 * reminders. The browser resumes with `Last-Event-ID` by itself; after we reconnect manually (back-off) we pass
 * the last seen id as `?lastEventId=` so nothing is lost or repeated.
 */
export function useNotificationStream(url: string = NOTIFICATION_STREAM_URL) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setStatus("unavailable");
      return;
    }
    let source: EventSource | null = null;
    let timer: number | undefined;
    let attempts = 0;
    let lastId: string | null = null;
    const receive = (event: MessageEvent<string>) => {
      const item = parseNotification(event.data);
      if (!item) return;
      lastId = event.lastEventId || item.id;
      queryClient.setQueryData<NotificationPage>(notificationsKey, (page) => withLive(page, item));
      if (isReminder(item))
        notifications.show({ color: "blue", title: item.title, message: "", autoClose: 8_000 });
    };
    const connect = () => {
      source = new EventSource(lastId ? `${url}?lastEventId=${encodeURIComponent(lastId)}` : url);
      source.onopen = () => {
        attempts = 0;
        setStatus("open");
      };
      source.addEventListener("notification", receive);
      source.onmessage = receive;
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return; // the browser is reconnecting by itself
        source.close();
        setStatus("unavailable");
        if (attempts < MAX_RECONNECTS) {
          timer = window.setTimeout(connect, 2_000 * 2 ** attempts);
          attempts += 1;
        }
      };
    };
    connect();
    return () => {
      window.clearTimeout(timer);
      source?.close();
    };
  }, [url, queryClient]);

  return { status };
}
