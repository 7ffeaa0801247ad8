import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { createDb, createPool, type Database } from "./database.js";
import { preparingTransactions } from "./prepared.js";
import type { DB } from "./schema.js";

/** Repeated statements go prepared, outside transactions only, and survive table changes under their plans. */
describe("prepared statements (preparingPool)", () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so every statement below runs on the session whose prepared statements are read.
    db = createDb(createPool(database.url, 1));
    await sql`create table prep_probe (id int primary key, a text)`.execute(db);
    await sql`insert into prep_probe values (1, 'x'), (2, 'y')`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map(
      (r) => r.statement,
    );
  const read = (id: number) =>
    db
      .selectFrom("prep_probe" as never)
      .selectAll()
      .where("id" as never, "=", id as never)
      .execute() as Promise<Array<Record<string, unknown>>>;

  it("prepares a statement once it repeats, with the right answers for every parameter", async () => {
    expect((await read(1))[0]).toEqual({ id: 1, a: "x" });
    expect((await prepared()).some((s) => s.includes("prep_probe"))).toBe(false);
    for (let i = 0; i < 5; i++) expect((await read(2 - (i % 2)))[0]?.id).toBe(2 - (i % 2));
    expect((await prepared()).filter((s) => s.includes("prep_probe"))).toHaveLength(1);
  });

  it("answers with the new columns after the table changed under the cached plan", async () => {
    for (let i = 0; i < 4; i++) await read(1);
    await sql`alter table prep_probe add column b int default 7`.execute(db);
    expect((await read(1))[0]).toEqual({ id: 1, a: "x", b: 7 });
    expect((await read(1))[0]).toEqual({ id: 1, a: "x", b: 7 });
  });

  it("prepares nothing inside a transaction", async () => {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++)
        await trx
          .selectFrom("prep_probe" as never)
          .select(sql<number>`count(*)`.as("n"))
          .where("a" as never, "=", "in-transaction" as never)
          .execute();
    });
    expect((await prepared()).some((s) => s.includes("in-transaction"))).toBe(false);
    expect((await prepared()).some((s) => s.includes("count(*)"))).toBe(false);
  });

  it("prepares inside transactions begun in preparingTransactions; a stale plan fails once, then goes unprepared", async () => {
    const count = (trx: Transaction<DB>, tag: string) =>
      trx
        .selectFrom("prep_probe" as never)
        .selectAll()
        .where("a" as never, "=", tag as never)
        .execute() as Promise<Array<Record<string, unknown>>>;
    await preparingTransactions(() =>
      db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) expect(await count(trx, "opted-in")).toEqual([]);
        // A text of several commands is never prepared in a transaction (it could not be sent again there).
        for (let i = 0; i < 4; i++) await sql`select 1 as one; select 2 as two`.execute(trx);
      }),
    );
    const texts = await prepared();
    expect(texts.filter((s) => s.includes("prep_probe") && s.includes('"a" = $1'))).toHaveLength(1);
    expect(texts.some((s) => s.includes("select 2 as two"))).toBe(false);
    await sql`alter table prep_probe add column c int default 3`.execute(db);
    // The cached plan's result type changed: the statement fails and its transaction with it…
    await expect(
      preparingTransactions(() => db.transaction().execute((trx) => count(trx, "opted-in"))),
    ).rejects.toThrow(/cached plan must not change result type/);
    // …and from then on the text is sent unprepared, with the new column.
    await sql`insert into prep_probe (id, a) values (3, 'opted-in')`.execute(db);
    const rows = await preparingTransactions(() => db.transaction().execute((trx) => count(trx, "opted-in")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 3, a: "opted-in", c: 3 });
  });

  it("sends a text of several commands unprepared", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await sql`select 1 as one; select 2 as two`.execute(db);
      expect(r).toBeDefined();
    }
  });
});

describe("DATABASE_PREPARED_STATEMENTS=false (createDb without preparing)", () => {
  it("sends every statement unnamed", async () => {
    const database = await createTestDatabase();
    const db = createDb(createPool(database.url, 1), false);
    try {
      for (let i = 0; i < 5; i++) await sql`select ${i}::int as n`.execute(db);
      const rows = await sql<{ n: string }>`select count(*)::text as n from pg_prepared_statements`.execute(
        db,
      );
      expect(rows.rows[0]?.n).toBe("0");
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
