import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../platform/db/database.js";
import type { NotificationHub } from "./hub.js";
import { latestNotificationId, notificationsAfter, presentNotification, recipientOf } from "./service.js";

const HEARTBEAT_MS = 25_000;
/** Streams end after a while; EventSource reconnects with Last-Event-ID, which re-checks the session. */
const MAX_STREAM_MS = 15 * 60_000;
const BATCH = 100;

/** Open streams of this instance, ended before the server closes (they would keep it open). */
export class StreamRegistry {
  private readonly open = new Set<() => void>();
  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }
  endAll(): void {
    for (const end of [...this.open]) end();
  }
}

/**
 * Server-Sent Events of a user's notifications. Every wake-up (NOTIFY, reconnect) runs the same catch-up query
 * `id > last sent id`, so a missed or duplicated NOTIFY can neither lose nor repeat an event, and
 * `Last-Event-ID` resumes exactly where the browser stopped.
 */
export async function streamNotifications(
  db: Database,
  hub: NotificationHub,
  registry: StreamRegistry,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  resumeFrom: string | undefined,
): Promise<void> {
  let lastId = resumeFrom ?? (await latestNotificationId(db, userId));
  const to = await recipientOf(db, userId);
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-request-id": request.id,
  });
  raw.write("retry: 5000\n\n");

  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pump = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const rows = await notificationsAfter(db, userId, lastId, BATCH);
        for (const r of rows) {
          if (closed) return;
          raw.write(
            `id: ${r.id}\nevent: notification\ndata: ${JSON.stringify(presentNotification(r, to))}\n\n`,
          );
          lastId = r.id;
        }
        if (rows.length === BATCH) again = true;
      } while (again && !closed);
    })()
      .catch((err) => request.log.warn({ err }, "notification stream catch-up failed"))
      .finally(() => {
        running = null;
      });
  };

  const unsubscribe = await hub.subscribe(userId, pump);
  const heartbeat = setInterval(() => raw.write(": heartbeat\n\n"), HEARTBEAT_MS);
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(maxAge);
    unsubscribe();
    unregister();
    raw.end();
  };
  const maxAge = setTimeout(end, MAX_STREAM_MS);
  const unregister = registry.add(end);
  request.raw.on("close", end);
  pump();
}
