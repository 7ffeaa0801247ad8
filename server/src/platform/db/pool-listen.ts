import type pg from "pg";

/**
 * Orders what this process does (a LISTEN acknowledged, a statement sent, a request received, a lookup started):
 * a number from `tick()` is larger than every number handed out before it.
 */
let clock = 0;
export const tick = (): number => ++clock;

const UNLISTENS = /^\s*(unlisten|discard)\b/i;

interface PgConnection {
  query(text: string): void;
  parse(query: { text: string }): void;
  sync(): void;
  on(event: "readyForQuery", fn: (msg: { status?: string }) => void): void;
}

/** One pool connection as seen by one `PoolListen`. */
interface Conn {
  /** `tick()` when its LISTEN was acknowledged; null while it does not listen (yet). */
  listening: number | null;
  asking: boolean;
  /** The tick at which each statement awaiting its ReadyForQuery was sent (one ReadyForQuery per Query/Sync). */
  sent: number[];
  /** The latest tick at which a statement was sent, while listening, whose idle ReadyForQuery has arrived. */
  synced: number;
}

/**
 * Every connection of `pool` LISTENs on `channel` (issue 10 item 21), so that the statements the app sends
 * anyway tell when notifications have been delivered: PostgreSQL hands a listening session the notifications
 * committed before it goes idle ahead of its ReadyForQuery, and `pg` emits them before the statement's result.
 * So after a statement sent at tick `s` on a connection listening since `l` came back idle, every notification
 * committed between `l` and `s` has been handled. `confirms(since, lookedUpAt)` answers whether that holds for
 * some connection with `l < lookedUpAt` and `s > since` — what a cache needs to serve an entry read at
 * `lookedUpAt` to a request received at `since` without a round trip of its own.
 *
 * A connection is asked to LISTEN when the pool hands it out (before the borrower's first statement, outside any
 * transaction); a new connection (a reconnect) counts only from its own LISTEN on, and one that sends
 * `UNLISTEN`/`DISCARD` stops counting until it listens again.
 */
export class PoolListen {
  private readonly conns = new Map<pg.Client, Conn>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly notify: (payload: string) => void,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
    pool.on("acquire", this.onAcquire);
    pool.on("remove", this.onRemove);
  }

  /** True when a statement sent after `since` on a connection listening since before `lookedUpAt` came back. */
  confirms(since: number, lookedUpAt: number): boolean {
    for (const conn of this.conns.values()) {
      if (conn.listening !== null && conn.listening < lookedUpAt && conn.synced > since) return true;
    }
    return false;
  }

  /** Connections listening now (tests). */
  get listeningConnections(): number {
    let n = 0;
    for (const conn of this.conns.values()) if (conn.listening !== null) n++;
    return n;
  }

  close(): void {
    this.closed = true;
    this.pool.off("acquire", this.onAcquire);
    this.pool.off("remove", this.onRemove);
    this.conns.clear();
  }

  private readonly onRemove = (client: pg.Client) => {
    this.conns.delete(client);
  };

  private readonly onAcquire = (client: pg.Client) => {
    let conn = this.conns.get(client);
    if (!conn) {
      const connection = (client as unknown as { connection?: PgConnection }).connection;
      if (!connection) return;
      conn = { listening: null, asking: false, sent: [], synced: 0 };
      this.conns.set(client, conn);
      this.watch(client, connection, conn);
    }
    if (conn.listening !== null || conn.asking || this.closed) return;
    conn.asking = true;
    const c = conn;
    client.query(`LISTEN ${this.channel}`).then(
      () => {
        c.asking = false;
        c.listening = tick();
        c.synced = 0;
      },
      () => {
        c.asking = false;
      },
    );
  };

  private watch(client: pg.Client, connection: PgConnection, conn: Conn): void {
    const stop = () => {
      conn.listening = null;
      conn.synced = 0;
    };
    const query = connection.query.bind(connection);
    connection.query = (text: string) => {
      if (UNLISTENS.test(text)) stop();
      conn.sent.push(tick());
      query(text);
    };
    const parse = connection.parse.bind(connection);
    connection.parse = (q: { text: string }) => {
      if (UNLISTENS.test(q.text)) stop();
      parse(q);
    };
    const sync = connection.sync.bind(connection);
    connection.sync = () => {
      conn.sent.push(tick());
      sync();
    };
    connection.on("readyForQuery", (msg) => {
      const sent = conn.sent.shift();
      if (sent !== undefined && msg.status === "I" && conn.listening !== null && sent > conn.listening) {
        if (sent > conn.synced) conn.synced = sent;
      }
    });
    client.on("notification", (n) => {
      if (n.channel === this.channel && !this.closed) this.notify(n.payload ?? "");
    });
  }
}
