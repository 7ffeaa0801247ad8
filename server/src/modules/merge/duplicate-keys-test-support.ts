import { type Kysely, sql } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../platform/db/schema.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { duplicateKeysInstall, installDuplicateKeys } from "../../platform/records/duplicate-keys.js";

class Rollback extends Error {}

/**
 * How many records hold a key: its group's count when it has a group (shared keys only), else its key rows
 * (0 or 1).
 */
export async function members(
  db: Kysely<DB>,
  entity: string,
  kind: string,
  key: string,
  block = "",
): Promise<number> {
  const res = await sql<{ members: number }>`
    select coalesce((select g.members from record_duplicate_groups g
        where g.entity = ${entity} and g.kind = ${kind} and g.key = ${key} and g.block = ${block}),
      (select count(*)::int from record_duplicate_keys k
        where k.entity = ${entity} and k.kind = ${kind} and k.key = ${key} and k.block = ${block})) as members`.execute(
    db,
  );
  return res.rows[0]?.members ?? 0;
}

/**
 * The kept keys and group sizes equal what a backfill computes from the tables now (rolled back), every key has
 * exactly one holder row, and only keys of two or more records have a group row.
 */
export async function expectKeysConsistent(db: Kysely<DB>): Promise<void> {
  const snapshot = async (conn: Kysely<DB>) => ({
    keys: (
      await sql`select entity, kind, key, block, record_id, owner_id from record_duplicate_keys
        order by 1, 2, 3, 4, 5`.execute(conn)
    ).rows,
    groups: (
      await sql`select entity, kind, key, block, members from record_duplicate_groups order by 1, 2, 3, 4`.execute(
        conn,
      )
    ).rows,
  });
  const kept = await snapshot(db);
  expect(kept.keys.length).toBeGreaterThan(0);
  const holders = await sql<{ entity: string; kind: string; key: string; block: string; holders: number }>`
    select entity, kind, key, block, count(*) filter (where not joined)::int as holders
    from record_duplicate_keys group by 1, 2, 3, 4 having count(*) filter (where not joined) <> 1`.execute(
    db,
  );
  expect(holders.rows, "keys without exactly one holder").toEqual([]);
  await db
    .transaction()
    .execute(async (trx) => {
      for (const def of entityCatalog().all()) {
        const install = duplicateKeysInstall(def);
        if (install)
          await installDuplicateKeys(trx as unknown as Kysely<unknown>, install, {
            backfill: true,
            batch: 3,
          });
      }
      expect(await snapshot(trx)).toEqual(kept);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
}
