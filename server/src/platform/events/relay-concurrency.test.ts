import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "../../test/harness.js";
import { createDb, createPool, type Database } from "../db/database.js";
import { defineChangeEvents, installChangeEvents } from "./catalogue.js";
import type { ChangeConsumer } from "./consumer.js";
import { recordChange } from "./outbox.js";
import { OutboxRelay } from "./relay.js";

const logger = pino({ level: "silent" });
const probeEvents = defineChangeEvents("probe", {
  create: [z.strictObject({ n: z.number().int() }), "A probe was created."],
  update: [z.strictObject({ n: z.number().int() }), "A probe changed."],
});
installChangeEvents([{ events: probeEvents }]);

let url = "";
let drop: () => Promise<void> = async () => {};
let admin: Database;
const opened: { db: Database; relay: OutboxRelay }[] = [];

/** Every consumer writes what it gets into `consumed`, in its transaction (exactly-once shows there). */
function recorder(
  name: string,
  events: string[],
  opts: { batchSize?: number; onBatch?: () => Promise<void> } = {},
) {
  return {
    name,
    events,
    batchSize: opts.batchSize,
    async handle(batch, { trx }) {
      await trx
        .insertInto("consumed" as never)
        .values(
          batch.map((e) => ({
            consumer: name,
            event_id: e.id,
            position: e.position,
            entity_id: e.entityId,
          })) as never,
        )
        .execute();
      // After the batch is written: a failure or a kill here must take the writes with it.
      await opts.onBatch?.();
    },
  } satisfies ChangeConsumer;
}

/** One "process": its own pool (named, so a test can cut its connections) and relay. */
function worker(label: string, consumers: ChangeConsumer[]) {
  const pool = createPool(`${url}${url.includes("?") ? "&" : "?"}application_name=${label}`, 4);
  // A session the test terminates errors on its client (in use by the transaction that dies with it).
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = createDb(pool);
  const relay = new OutboxRelay(db, url, logger, consumers);
  opened.push({ db, relay });
  return { db, relay };
}

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase());
  admin = createDb(createPool(url, 2));
  await sql`create table consumed (seq bigserial primary key, consumer text, event_id bigint, position bigint, entity_id uuid)`.execute(
    admin,
  );
});

afterAll(async () => {
  for (const w of opened) {
    await w.relay.stop();
    await w.db.destroy();
  }
  await admin.destroy();
  await drop();
});

async function writeEvents(db: Database, ids: string[], action: "create" | "update", rollBack: boolean) {
  await db
    .transaction()
    .execute(async (trx) => {
      await recordChange(
        trx,
        { actorId: null },
        ids.map((entityId, n) => ({ entity: "probe", entityId, action, changes: { n } }) as never),
      );
      if (rollBack) throw new Error("roll back");
    })
    .catch((err: unknown) => {
      if (!rollBack) throw err;
    });
  return rollBack ? [] : ids;
}

async function consumed(consumer: string) {
  return (
    await sql<{ event_id: string; position: string; entity_id: string }>`
      select event_id, position, entity_id from consumed where consumer = ${consumer} order by seq`.execute(
      admin,
    )
  ).rows;
}

async function caughtUp(names: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ pending: string; behind: string }>`
      select (select count(*) from change_events where dispatched_at is null)::text as pending,
             (select count(*) from change_consumers
               where name = any(${names}) and position < (select coalesce(max(position), 0) from change_events))::text as behind`.execute(
      admin,
    );
    if (r.rows[0]?.pending === "0" && r.rows[0]?.behind === "0") return;
    if (Date.now() > deadline) throw new Error("consumers did not catch up");
    await new Promise((res) => setTimeout(res, 50));
  }
}

function expectInOrder(rows: { position: string }[]) {
  const positions = rows.map((r) => BigInt(r.position));
  expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint))).toBe(true);
}

it("two workers deliver every committed event exactly once, in order, to each consumer, and only what it takes", async () => {
  const consumers = () => [
    recorder("test.all", ["*"]),
    recorder("test.updates", ["probe.update"], { batchSize: 7 }),
  ];
  const w1 = worker("w1", consumers());
  const w2 = worker("w2", consumers());
  await w1.relay.start();
  await w2.relay.start();

  const created: string[] = [];
  const updated: string[] = [];
  const writes: Promise<void>[] = [];
  // Writers on both "processes" while both run; every fourth transaction rolls back.
  for (let i = 0; i < 60; i++) {
    const w = i % 2 === 0 ? w1 : w2;
    const ids = Array.from({ length: 1 + ((i * 37) % 90) }, () => randomUUID());
    const action = i % 3 === 0 ? "update" : "create";
    writes.push(
      writeEvents(w.db, ids, action, i % 4 === 3).then((ok) => {
        (action === "update" ? updated : created).push(...ok);
      }),
    );
  }
  await Promise.all(writes);
  // More than one sequencing batch at once.
  created.push(
    ...(await writeEvents(
      w1.db,
      Array.from({ length: 6000 }, () => randomUUID()),
      "create",
      false,
    )),
  );
  // The same records changed again: their events must arrive after the first ones.
  updated.push(...(await writeEvents(w2.db, created.slice(0, 50), "update", false)));

  await caughtUp(["test.all", "test.updates"]);
  const all = await consumed("test.all");
  expect(all).toHaveLength(created.length + updated.length);
  expect(new Set(all.map((r) => r.event_id)).size).toBe(all.length);
  expect(new Set(all.map((r) => r.entity_id))).toEqual(new Set([...created, ...updated]));
  expectInOrder(all);
  const updates = await consumed("test.updates");
  expect(updates.map((r) => r.entity_id).sort()).toEqual([...updated].sort());
  expectInOrder(updates);
  const total = await sql<{ n: string }>`select count(*)::text as n from change_events`.execute(admin);
  expect(Number(total.rows[0]?.n)).toBe(created.length + updated.length);
  for (const w of [w1, w2]) await w.relay.stop();
});

it("a worker killed in the middle of a batch: the next worker delivers the rest, nothing missed or repeated", async () => {
  await sql`delete from consumed`.execute(admin);
  let batches = 0;
  let release: () => void = () => {};
  const stuck = new Promise<void>((r) => {
    release = r;
  });
  let inBatch: () => void = () => {};
  const reachedStuckBatch = new Promise<void>((r) => {
    inBatch = r;
  });
  const dying = worker("dying", [
    recorder("test.restart", ["probe.*"], {
      batchSize: 100,
      onBatch: async () => {
        batches += 1;
        if (batches === 3) {
          inBatch();
          await stuck;
        }
      },
    }),
  ]);
  await dying.relay.prepare();
  const ids = await writeEvents(
    admin,
    Array.from({ length: 1000 }, () => randomUUID()),
    "create",
    false,
  );
  await dying.relay.start();
  await reachedStuckBatch;
  // Like kill -9: the server ends the worker's sessions, its open transaction rolls back.
  await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'dying'`.execute(
    admin,
  );
  const stopping = dying.relay.stop();
  const before = await consumed("test.restart");
  expect(before).toHaveLength(200);

  const next = worker("next", [recorder("test.restart", ["probe.*"], { batchSize: 100 })]);
  await next.relay.start();
  release();
  await stopping;
  await caughtUp(["test.restart"]);
  const rows = await consumed("test.restart");
  expect(rows.map((r) => r.entity_id)).toEqual(ids);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(ids.length);
  expectInOrder(rows);
});

it("refuses an event the catalogue does not declare, and changes that do not match it", async () => {
  await expect(
    admin.transaction().execute((trx) =>
      recordChange(trx, { actorId: null }, {
        entity: "probe",
        entityId: randomUUID(),
        action: "delete",
      } as never),
    ),
  ).rejects.toThrow(/probe\.delete is not in the catalogue: changes: unknown event/);
  await expect(
    admin.transaction().execute((trx) =>
      recordChange(trx, { actorId: null }, {
        entity: "probe",
        entityId: randomUUID(),
        action: "update",
        changes: { n: 1, stage_id: "x" },
      } as never),
    ),
  ).rejects.toThrow(/stage_id/);
});

it("a failing handler is retried with its batch (nothing it wrote is kept) and holds back only its own consumer", async () => {
  await sql`delete from consumed`.execute(admin);
  let attempts = 0;
  const flaky = recorder("test.flaky", ["probe.create"], {
    onBatch: async () => {
      attempts += 1;
      if (attempts <= 2) throw new Error(`attempt ${attempts} fails`);
    },
  });
  const w = worker("flaky", [flaky, recorder("test.steady", ["probe.create"])]);
  await w.relay.start();
  const ids = await writeEvents(
    admin,
    Array.from({ length: 20 }, () => randomUUID()),
    "create",
    false,
  );
  await caughtUp(["test.steady"]);
  const failures = await sql<{ failures: number; last_error: string }>`
    select failures, last_error from change_consumers where name = 'test.flaky'`.execute(admin);
  expect(failures.rows[0]?.last_error).toMatch(/attempt \d fails/);
  await caughtUp(["test.flaky"]);
  expect(attempts).toBe(3);
  expect((await consumed("test.flaky")).map((r) => r.entity_id)).toEqual(ids);
  expect((await consumed("test.steady")).map((r) => r.entity_id)).toEqual(ids);
  const after = await sql<{
    failures: number;
  }>`select failures from change_consumers where name = 'test.flaky'`.execute(admin);
  expect(after.rows[0]?.failures).toBe(0);
  await w.relay.stop();
});
