import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { createDb, createPool, type Database } from "./database.js";
import { setWriteGateSource } from "./write-gate.js";

const gates = new AsyncLocalStorage<() => Promise<void>>();
const runWithWriteGate = <T>(gate: () => Promise<void>, fn: () => T) => gates.run(gate, fn);

/**
 * Inside a write gate (a GET answered before its cached actor is confirmed, issue 10 item 21) plain reads run at
 * once and anything else waits for the gate — and does not run when the gate refuses — prepared or not.
 */
describe("write gate", () => {
  let database: { url: string; drop: () => Promise<void> };
  const dbs: Database[] = [];

  beforeAll(async () => {
    setWriteGateSource(() => gates.getStore());
    database = await createTestDatabase();
    dbs.push(createDb(createPool(database.url, 2)), createDb(createPool(database.url, 2), false));
    await sql`create table gate_probe (id int primary key)`.execute(dbs[0] as Database);
  });
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
    await database.drop();
  });

  it.each([0, 1])("reads pass, writes wait for the gate and fail with it (db %i)", async (which) => {
    const db = dbs[which] as Database;
    const base = which * 100;
    const checks: string[] = [];
    let verdict = true;
    const gate = async () => {
      checks.push("check");
      if (!verdict) throw new Error("refused");
    };
    await runWithWriteGate(gate, async () => {
      for (let i = 0; i < 4; i++) await sql`select count(*) from gate_probe`.execute(db);
      expect(checks).toEqual([]);
      await sql`select id from gate_probe for update`.execute(db);
      expect(checks).toHaveLength(1);
      await sql`insert into gate_probe values (${base + 1})`.execute(db);
      expect(checks).toHaveLength(2);
      verdict = false;
      await expect(sql`insert into gate_probe values (${base + 2})`.execute(db)).rejects.toThrow("refused");
      await expect(db.transaction().execute(async (trx) => sql`select 1`.execute(trx))).rejects.toThrow(
        "refused",
      );
    });
    // Outside the gate nothing waits.
    await sql`insert into gate_probe values (${base + 3})`.execute(db);
    const ids = (
      await sql<{
        id: number;
      }>`select id from gate_probe where id between ${base} and ${base + 99} order by id`.execute(db)
    ).rows;
    expect(ids.map((r) => r.id)).toEqual([base + 1, base + 3]);
  });
});
