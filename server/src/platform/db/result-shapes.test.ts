import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { createPool } from "./database.js";
import { queryNamed, resultShapeCount } from "./result-shapes.js";

/** A named statement's result columns are set up once and reused only while PostgreSQL answers the same columns. */
describe("result shapes of named statements", () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: pg.Pool;
  let client: pg.PoolClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, 1);
    client = await pool.connect();
    await client.query(
      "create table rs_probe (id int primary key, v int, n bigint, at timestamptz, doc jsonb, tags text[])",
    );
    await client.query(`insert into rs_probe values
      (1, 5, 9007199254740993, '2026-12-07 10:00:00+00', '{"a": 1}', '{x,y}'),
      (2, null, null, null, null, null)`);
  });
  afterAll(async () => {
    client.release();
    await pool.end();
    await database.drop();
  });

  const read = async (id: number) =>
    (await queryNamed(client, "rs_probe_read", "select * from rs_probe where id = $1", [id])).rows[0];

  it("answers every execution with its own row and pg's type parsers, setting the columns up once", async () => {
    const before = resultShapeCount();
    const first = await read(1);
    expect(resultShapeCount()).toBe(before + 1);
    for (let i = 0; i < 3; i++) {
      expect(await read(2)).toEqual({ id: 2, v: null, n: null, at: null, doc: null, tags: null });
      expect(await read(1)).toEqual(first);
    }
    expect(first).toEqual({
      id: 1,
      v: 5,
      n: "9007199254740993",
      at: new Date("2026-12-07T10:00:00Z"),
      doc: { a: 1 },
      tags: ["x", "y"],
    });
    expect(resultShapeCount()).toBe(before + 1);
  });

  it("sets the columns up again when a column's type or the column list changed under the name", async () => {
    expect((await read(1))?.v).toBe(5);
    await client.query("alter table rs_probe alter column v type text using v::text");
    // The connection's plan is stale now (PostgreSQL refuses it); prepared.ts deallocates and prepares again.
    await expect(read(1)).rejects.toThrow(/cached plan must not change result type/);
    await client.query("deallocate rs_probe_read");
    delete (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements.rs_probe_read;
    expect((await read(1))?.v).toBe("5");
    await client.query("alter table rs_probe add column w int default 7");
    await expect(read(1)).rejects.toThrow(/cached plan must not change result type/);
    await client.query("deallocate rs_probe_read");
    delete (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements.rs_probe_read;
    expect(await read(1)).toMatchObject({ id: 1, v: "5", w: 7 });
  });
});
