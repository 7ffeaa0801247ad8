import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { createDb, createPool, type Database } from "../db/database.js";
import { JobQueue } from "../jobs/queue.js";
import { recordChange } from "./outbox.js";
import { type ChangeBatch, OutboxRelay } from "./relay.js";

const logger = pino({ level: "silent" });
const consumers = ["test.consumer-a", "test.consumer-b"];

/** One "process": its own pool, job queue and relay. */
interface Worker {
  db: Database;
  jobs: JobQueue;
  relay: OutboxRelay;
}

let url = "";
let drop: () => Promise<void> = async () => {};
const workers: Worker[] = [];

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase());
  for (let i = 0; i < 2; i++) {
    const db = createDb(createPool(url, 4));
    const jobs = new JobQueue(url, logger);
    jobs.define(consumers.map((name) => ({ name, consumesChanges: true, handler: async () => {} })) as never);
    await jobs.start({ work: false });
    workers.push({ db, jobs, relay: new OutboxRelay(db, jobs, url, logger) });
  }
});

afterAll(async () => {
  for (const w of workers) {
    await w.relay.stop();
    await w.jobs.stop();
    await w.db.destroy();
  }
  await drop();
});

async function writeEvents(db: Database, count: number, rollBack: boolean): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db
    .transaction()
    .execute(async (trx) => {
      await recordChange(
        trx,
        { actorId: null },
        ids.map((entityId) => ({
          entity: rollBack ? "test.rolled-back" : "test.thing",
          entityId,
          action: "create",
        })),
      );
      if (rollBack) throw new Error("roll back");
    })
    .catch((err: unknown) => {
      if (!rollBack) throw err;
    });
  return rollBack ? [] : ids;
}

async function delivered(name: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ data: ChangeBatch }>("select data from pgboss.job where name = $1", [
      name,
    ]);
    return res.rows.flatMap((r) => r.data.events.map((e) => e.entityId));
  } finally {
    await client.end();
  }
}

it("two relays running together deliver every committed event exactly once to each consumer", async () => {
  const [w1, w2] = workers as [Worker, Worker];
  await w1.relay.start(50);
  await w2.relay.start(50);

  const committed: string[] = [];
  // Writers on both "processes" while both relays run; every fourth transaction rolls back.
  const writes: Promise<string[]>[] = [];
  for (let i = 0; i < 60; i++) {
    const w = i % 2 === 0 ? w1 : w2;
    writes.push(writeEvents(w.db, 1 + ((i * 37) % 90), i % 4 === 3));
  }
  for (const ids of await Promise.all(writes)) committed.push(...ids);
  // And a large batch (more than one relay batch of 500) to make the relays split work.
  committed.push(...(await writeEvents(w1.db, 1200, false)));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = await sql<{
      n: string;
    }>`select count(*)::text as n from change_events where dispatched_at is null`
      .execute(w1.db)
      .then((r) => Number(r.rows[0]?.n));
    if (left === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await w1.relay.stop();
  await w2.relay.stop();

  const total = await sql<{ n: string }>`select count(*)::text as n from change_events`
    .execute(w1.db)
    .then((r) => Number(r.rows[0]?.n));
  expect(total).toBe(committed.length);
  for (const name of consumers) {
    const ids = await delivered(name);
    expect(ids.length).toBe(committed.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(committed));
  }
  // Both relays did part of the work is likely but not guaranteed; exactly-once is what matters.
  const rolledBack = await sql<{
    n: string;
  }>`select count(*)::text as n from change_events where entity = 'test.rolled-back'`
    .execute(w1.db)
    .then((r) => Number(r.rows[0]?.n));
  expect(rolledBack).toBe(0);
});
