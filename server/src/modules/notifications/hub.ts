import pg from "pg";
import type { AppDeps } from "../../platform/http/types.js";

export const NOTIFY_CHANNEL = "tandem_notifications";

type Listener = (notificationId: string) => void;

/**
 * One LISTEN connection per server instance, fanned out to this instance's SSE connections by user. The
 * notification rows and the NOTIFY (a trigger on insert) live in PostgreSQL, so a notification written by any
 * process reaches a browser connected to any instance; nothing here is state another instance needs.
 */
export class NotificationHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Subscribes to a user's new notifications; returns the unsubscribe function. */
  async subscribe(userId: string, listener: Listener): Promise<() => void> {
    await this.ensureConnected();
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return () => {
      const s = this.listeners.get(userId);
      s?.delete(listener);
      if (s && s.size === 0) this.listeners.delete(userId);
    };
  }

  get connections(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: "tandem-notifications" });
    client.on("notification", (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
      try {
        const { id, userId } = JSON.parse(msg.payload) as { id: number | string; userId: string };
        for (const l of this.listeners.get(userId) ?? []) l(String(id));
      } catch (err) {
        this.onError(err);
      }
    });
    client.on("error", (err) => {
      this.onError(err);
      // Reconnect on next subscribe; connected streams re-sync through their catch-up query.
      if (this.client === client) this.client = null;
      this.reconnectSoon();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private reconnectSoon(): void {
    if (this.closed || this.listeners.size === 0) return;
    setTimeout(() => {
      this.ensureConnected()
        .then(() => {
          // Wake everyone so each stream re-reads what it may have missed while disconnected.
          for (const set of this.listeners.values()) for (const l of set) l("0");
        })
        .catch((err) => {
          this.onError(err);
          this.reconnectSoon();
        });
    }, 1000).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const c = this.client;
    this.client = null;
    await this.connecting?.catch(() => {});
    await c?.end().catch(() => {});
  }
}

/** The database URL for the LISTEN connection (DATABASE_URL, else the one the job queue was started with). */
export function listenerUrl(deps: AppDeps): string {
  if (deps.config.DATABASE_URL) return deps.config.DATABASE_URL;
  // Embedded PostgreSQL: the resolved URL is only known to the runtime; pg-boss keeps it in its db config.
  const bossDb = deps.jobs.boss.getDb() as unknown as { config?: { connectionString?: unknown } };
  const url = bossDb.config?.connectionString;
  if (typeof url !== "string") throw new Error("No database URL for notification streaming");
  return url;
}
