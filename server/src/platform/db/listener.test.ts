import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { PgListener } from "./listener.js";

/** `PgListener.sync()` orders notifications before its answer; a lost connection resets and reconnects. */
describe("PgListener", () => {
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

  it("after sync() every notification committed before the call has been handled", async () => {
    const seen: string[] = [];
    const listener = new PgListener(database.url, "listener_probe", {
      notify: (p) => seen.push(p),
      reset: () => {},
    });
    try {
      await listener.start();
      expect(listener.ready).toBe(true);
      for (let i = 0; i < 50; i++) {
        await other.query("select pg_notify('listener_probe', $1)", [String(i)]);
        await listener.sync();
        expect(seen.at(-1), `notification ${i}`).toBe(String(i));
      }
      // Concurrent callers share round trips, and each still sees what was committed before its call.
      await other.query("select pg_notify('listener_probe', 'burst')");
      await Promise.all(Array.from({ length: 20 }, () => listener.sync()));
      expect(seen.at(-1)).toBe("burst");
      // Other channels are not handed over.
      await other.query("select pg_notify('listener_other', 'x')");
      await listener.sync();
      expect(seen.at(-1)).toBe("burst");
    } finally {
      await listener.stop();
    }
    await expect(listener.sync()).rejects.toThrow();
  });

  it("a lost connection resets the holder, refuses sync() and reconnects", async () => {
    const resets: number[] = [];
    const seen: string[] = [];
    const listener = new PgListener(database.url, "listener_probe", {
      notify: (p) => seen.push(p),
      reset: () => resets.push(Date.now()),
    });
    try {
      await listener.start();
      const before = resets.length;
      await other.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tandem-listen-listener_probe' and datname = current_database()",
      );
      await vi.waitFor(() => expect(listener.ready).toBe(false), { timeout: 5000 });
      expect(resets.length).toBeGreaterThan(before);
      await expect(listener.sync()).rejects.toThrow();
      await vi.waitFor(() => expect(listener.ready).toBe(true), { timeout: 10_000, interval: 100 });
      // Listening again: notifications arrive.
      await other.query("select pg_notify('listener_probe', 'back')");
      await listener.sync();
      expect(seen).toEqual(["back"]);
    } finally {
      await listener.stop();
    }
  });
});
