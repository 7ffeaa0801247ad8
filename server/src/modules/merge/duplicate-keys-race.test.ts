import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../platform/db/database.js";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { expectKeysConsistent, members } from "./duplicate-keys-test-support.js";

class Rollback extends Error {}

/**
 * Keys shared by one record have no group row; the key's holder row (unique per key) is what two writers of the
 * same key meet on. Each case holds one transaction open at the point of the race, starts the other, waits until
 * PostgreSQL has it waiting for a lock, then ends the first — and the counts and holders must come out as if
 * the two had run one after the other.
 */
describe("duplicate keys: concurrent writers of the same key", () => {
  const t = useTestContext();
  let ownerId: string;

  beforeAll(async () => {
    ownerId = (await createUser(t.db, { roleKey: "admin" })).id;
  });

  const id = (n: number, tag: number) =>
    `00000000-0000-4000-8000-${String(tag * 1000 + n).padStart(12, "0")}`;
  const insert = (db: Database, ids: string[], email: string) =>
    sql`insert into contacts (id, name, owner_id, email_values)
      select i, 'Race ' || i::text, ${ownerId}, array[${email}::text] from unnest(${ids}::uuid[]) i`.execute(
      db,
    );
  const remove = (db: Database, contactId: string) =>
    sql`delete from contacts where id = ${contactId}`.execute(db);
  const softDelete = (db: Database, contactId: string) =>
    sql`update contacts set deleted_at = now() where id = ${contactId}`.execute(db);
  const holderOf = async (email: string) =>
    (
      await sql<{ record_id: string }>`select record_id from record_duplicate_keys
        where entity = 'contacts' and kind = 'email' and key = ${email} and not joined`.execute(t.db)
    ).rows.map((r) => r.record_id);
  const groupRow = async (email: string) =>
    (
      await sql<{ members: number }>`select members from record_duplicate_groups
        where entity = 'contacts' and kind = 'email' and key = ${email} and block = ''`.execute(t.db)
    ).rows[0]?.members ?? null;

  /** Resolves once a backend of this database waits for a lock (the second writer reached the race). */
  const someoneWaits = async () => {
    for (let i = 0; i < 400; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
      if ((r.rows[0]?.n ?? 0) > 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error("the second writer never waited for the first");
  };

  /**
   * Runs `first` in a transaction held open, then `second` in another one, which must wait for the first; then
   * the first commits (or rolls back) and both finish.
   */
  const race = async (
    first: (trx: Database) => Promise<unknown>,
    second: (trx: Database) => Promise<unknown>,
    end: "commit" | "rollback" = "commit",
  ) => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let ready: () => void = () => {};
    const started = new Promise<void>((r) => {
      ready = r;
    });
    const one = t.db
      .transaction()
      .execute(async (trx) => {
        await first(trx as unknown as Database);
        ready();
        await held;
        if (end === "rollback") throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    await started;
    const two = t.db.transaction().execute((trx) => second(trx as unknown as Database));
    await someoneWaits();
    release();
    await Promise.all([one, two]);
  };

  it("two writers of the same new key: the second waits, then joins, and the group counts both", async () => {
    const email = "both@race.example";
    await race(
      (trx) => insert(trx, [id(1, 1)], email),
      (trx) => insert(trx, [id(2, 1)], email),
    );
    expect(await holderOf(email)).toEqual([id(1, 1)]);
    expect(await groupRow(email)).toBe(2);
    await expectKeysConsistent(t.db);
  });

  it("the first writer rolls back: the second holds the key alone, no group", async () => {
    const email = "rolled@race.example";
    await race(
      (trx) => insert(trx, [id(1, 2)], email),
      (trx) => insert(trx, [id(2, 2)], email),
      "rollback",
    );
    expect(await holderOf(email)).toEqual([id(2, 2)]);
    expect(await groupRow(email)).toBeNull();
    expect(await members(t.db, "contacts", "email", email)).toBe(1);
    await expectKeysConsistent(t.db);
  });

  it("a key's only record is deleted while another record takes the key: the newcomer holds it", async () => {
    const email = "handover@race.example";
    await insert(t.db, [id(1, 3)], email);
    await race(
      (trx) => remove(trx, id(1, 3)),
      (trx) => insert(trx, [id(2, 3)], email),
    );
    expect(await holderOf(email)).toEqual([id(2, 3)]);
    expect(await groupRow(email)).toBeNull();
    await expectKeysConsistent(t.db);
  });

  it("the same, the delete rolled back: the newcomer joins and the group counts two", async () => {
    const email = "kept@race.example";
    await insert(t.db, [id(1, 4)], email);
    await race(
      (trx) => softDelete(trx, id(1, 4)),
      (trx) => insert(trx, [id(2, 4)], email),
      "rollback",
    );
    expect(await holderOf(email)).toEqual([id(1, 4)]);
    expect(await groupRow(email)).toBe(2);
    await expectKeysConsistent(t.db);
  });

  it("a shared key's holder is deleted while another record joins: the next record holds it, counts stay exact", async () => {
    const email = "shared@race.example";
    await insert(t.db, [id(1, 5), id(2, 5)], email);
    expect(await groupRow(email)).toBe(2);
    await race(
      (trx) => softDelete(trx, id(1, 5)),
      (trx) => insert(trx, [id(3, 5)], email),
    );
    expect(await holderOf(email)).toEqual([id(2, 5)]);
    expect(await groupRow(email)).toBe(2);
    await expectKeysConsistent(t.db);
  });

  it("a record joins a key while the key's only other record is deleted: the joiner's lock makes the delete wait", async () => {
    const email = "joiner@race.example";
    await insert(t.db, [id(1, 8)], email);
    // The joiner locks the holder row; without that lock the delete would not see the uncommitted joiner, leave
    // the key without a holder and the joiner's new group of 2 with one record.
    await race(
      (trx) => insert(trx, [id(2, 8)], email),
      (trx) => remove(trx, id(1, 8)),
    );
    expect(await holderOf(email)).toEqual([id(2, 8)]);
    expect(await groupRow(email)).toBeNull();
    await expectKeysConsistent(t.db);
  });

  it("the record next in line is deleted while the holder is: the holder passes to the one after", async () => {
    const email = "next@race.example";
    await insert(t.db, [id(1, 6), id(2, 6), id(3, 6)], email);
    expect(await holderOf(email)).toEqual([id(1, 6)]);
    expect(await groupRow(email)).toBe(3);
    // The holder's removal picks the next row (2), which the first transaction is deleting: it waits, then
    // picks 3.
    await race(
      (trx) => remove(trx, id(2, 6)),
      (trx) => remove(trx, id(1, 6)),
    );
    expect(await holderOf(email)).toEqual([id(3, 6)]);
    expect(await groupRow(email)).toBeNull();
    expect(await members(t.db, "contacts", "email", email)).toBe(1);
    await expectKeysConsistent(t.db);
  });

  it("many records of one key in one statement, and a second statement joining them", async () => {
    const email = "batch@race.example";
    await insert(t.db, [id(1, 7), id(2, 7), id(3, 7)], email);
    await race(
      (trx) => insert(trx, [id(4, 7), id(5, 7)], email),
      (trx) => insert(trx, [id(6, 7)], email),
    );
    expect(await holderOf(email)).toEqual([id(1, 7)]);
    expect(await groupRow(email)).toBe(6);
    await sql`delete from contacts where id = any(${[id(1, 7), id(2, 7), id(4, 7), id(6, 7)]}::uuid[])`.execute(
      t.db,
    );
    expect(await holderOf(email)).toEqual([id(3, 7)]);
    expect(await groupRow(email)).toBe(2);
    await expectKeysConsistent(t.db);
  });
});
