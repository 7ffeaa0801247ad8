import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { createPool } from "./database.js";
import { PoolListen, tick } from "./pool-listen.js";

/**
 * Pool connections that LISTEN tell, through the statements sent anyway, when notifications have been delivered
 * (issue 10 item 21): what the actor cache relies on to serve a cached session without a round trip of its own.
 */
describe("PoolListen", () => {
  let database: { url: string; drop: () => Promise<void> };
  let other: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    other = new pg.Client({ connectionString: database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await database.drop();
  });

  const setUp = (max = 1) => {
    const pool = createPool(database.url, max);
    const seen: string[] = [];
    const listen = new PoolListen(pool, "pool_probe", (p) => seen.push(p));
    return {
      pool,
      seen,
      listen,
      close: async () => {
        listen.close();
        await pool.end();
      },
    };
  };
  const pids = async () =>
    (
      await other.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      )
    ).rows.map((r) => r.pid);

  it("a statement sent after a notification was committed comes back after it was handled", async () => {
    const { pool, seen, listen, close } = setUp(2);
    try {
      await pool.query("select 1");
      const lookedUpAt = tick();
      expect(listen.listeningConnections).toBe(1);
      for (let i = 0; i < 30; i++) {
        await other.query(`notify pool_probe, 'n${i}'`);
        const since = tick();
        expect(listen.confirms(since, lookedUpAt)).toBe(false);
        await pool.query("select 1");
        expect(seen, `round ${i}`).toContain(`n${i}`);
        expect(listen.confirms(since, lookedUpAt)).toBe(true);
      }
    } finally {
      await close();
    }
  });

  it("a reconnected connection confirms nothing read before it listened", async () => {
    const { pool, listen, close } = setUp(1);
    try {
      await pool.query("select 1");
      await pool.query("select 1");
      const lookedUpAt = tick();
      let since = tick();
      await pool.query("select 1");
      expect(listen.confirms(since, lookedUpAt)).toBe(true);
      // The connection dies; the pool opens another, which listens from now on only.
      const [pid, ...more] = await pids();
      expect(more).toEqual([]);
      await other.query("select pg_terminate_backend($1)", [pid]);
      for (let i = 0; i < 100 && listen.listeningConnections > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      await pool.query("select 1");
      await pool.query("select 1");
      expect(listen.listeningConnections).toBe(1);
      since = tick();
      await pool.query("select 1");
      expect(listen.confirms(since, lookedUpAt)).toBe(false);
      // What is read after it listened is confirmed again.
      const later = tick();
      since = tick();
      await pool.query("select 1");
      expect(listen.confirms(since, later)).toBe(true);
    } finally {
      await close();
    }
  });

  it("UNLISTEN or DISCARD stops a connection confirming until it listens again; a transaction's statements do not count", async () => {
    const { pool, listen, close } = setUp(1);
    try {
      await pool.query("select 1");
      const lookedUpAt = tick();
      const client = await pool.connect();
      try {
        await client.query("unlisten *");
        let since = tick();
        await client.query("select 1");
        expect(listen.confirms(since, lookedUpAt)).toBe(false);
        await client.query("begin");
        await client.query("listen pool_probe");
        since = tick();
        await client.query("select 1");
        expect(listen.confirms(since, lookedUpAt)).toBe(false);
        await client.query("commit");
      } finally {
        client.release();
      }
      // Listens again when next handed out, from then on.
      await pool.query("select 1");
      const later = tick();
      const since = tick();
      await pool.query("select 1");
      expect(listen.confirms(since, lookedUpAt)).toBe(false);
      expect(listen.confirms(since, later)).toBe(true);
    } finally {
      await close();
    }
  });
});
