import pg from "pg";

export interface ListenerHandlers {
  /** A notification on the channel (its payload). */
  notify(payload: string): void;
  /** The connection was (re)established or lost: notifications may have been missed, so drop what depends on them. */
  reset(): void;
}

export interface ListenerLog {
  warn(obj: object, msg: string): void;
}

const RECONNECT_MS = 1000;
const noop = () => {};

/**
 * One dedicated `LISTEN` connection of this process. `ready` is true only while it is connected and listening.
 * `sync()` is a round trip on that connection: PostgreSQL delivers a listening session's pending notifications
 * before it answers, so when `sync()` resolves every notification committed before it was called has been handed
 * to `notify`. Callers share round trips (each waits for one sent after its call): a round trip is sent when the
 * event loop has finished reading (`setImmediate`, so every request read in the same turn joins it) and not
 * before the one in flight has answered (callers meanwhile join the next), so a burst of requests costs one.
 * Started lazily (`start()` is idempotent); reconnects after a second when the connection fails.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  private inflight: Promise<void> | null = null;
  /** The round trip not sent yet, which callers join. */
  private next: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    private readonly log?: ListenerLog,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  }

  get ready(): boolean {
    return this.listening && !this.stopped;
  }

  /** Connects and listens (once); resolves when listening, or rejects when this attempt failed (it retries). */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("listener stopped"));
    if (this.listening) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `tandem-listen-${this.channel}`,
      keepAlive: true,
    });
    const lost = (err?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.handlers.reset();
      client.end().catch(() => {});
      if (this.stopped) return;
      if (err) this.log?.warn({ err }, `LISTEN ${this.channel}: connection lost; reconnecting`);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start().catch(() => {});
      }, RECONNECT_MS);
      this.timer.unref();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    client.on("notification", (n) => {
      if (n.channel === this.channel) this.handlers.notify(n.payload ?? "");
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      lost(err);
      throw err;
    }
    if (this.stopped || this.client !== client) {
      await client.end().catch(() => {});
      return;
    }
    // Anything cached before this point may have missed a notification.
    this.handlers.reset();
    this.listening = true;
  }

  /** Resolves after a round trip sent after this call (see the class comment); rejects when not listening. */
  sync(): Promise<void> {
    this.next ??= this.scheduleRoundTrip();
    return this.next;
  }

  /**
   * Sent after the round trip in flight answers, or else once the event loop has run its I/O callbacks: before
   * (issue 10 item 21) the first request read in a turn sent one at once and the others of that turn waited for
   * a second one.
   */
  private scheduleRoundTrip(): Promise<void> {
    const after = this.inflight
      ? this.inflight.then(noop, noop)
      : new Promise<void>((resolve) => setImmediate(resolve));
    return after.then(() => {
      this.next = null;
      this.inflight = this.roundTrip();
      return this.inflight;
    });
  }

  private roundTrip(): Promise<void> {
    const client = this.client;
    const p: Promise<void> =
      client && this.listening
        ? client.query("").then(() => {
            if (!this.ready || this.client !== client) throw new Error("listener lost");
          })
        : Promise.reject(new Error("not listening"));
    const done = () => {
      if (this.inflight === p) this.inflight = null;
    };
    p.then(done, done);
    return p;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}
