import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import { txCached } from "../db/tx-cache.js";

/** Facts about users that record writes check (owner, participants, number region). */
type Db = Kysely<DB> | Transaction<DB>;

export async function teamOf(db: Db, userId: string): Promise<string | null> {
  const u = await db.selectFrom("users").select("team_id").where("id", "=", userId).executeTakeFirst();
  return u?.team_id ?? null;
}

/** `teamOf` bound to a connection, in the shape `canActOnOwner` asks for. */
export function teamLookup(db: Db): (userId: string) => Promise<string | null> {
  return (userId) => teamOf(db, userId);
}

export async function isActiveUser(db: Db, userId: string): Promise<boolean> {
  // Once per (transaction, user) in a `cachingTransactions` scope (an automation batch), else read each time.
  const u = await txCached(db, `isActiveUser:${userId}`, () =>
    db
      .selectFrom("users")
      .select("id")
      .where("id", "=", userId)
      .where("is_active", "=", true)
      .executeTakeFirst(),
  );
  return u !== undefined;
}

export async function userLanguage(db: Db, userId: string): Promise<string | null> {
  const u = await db.selectFrom("users").select("language").where("id", "=", userId).executeTakeFirst();
  return u?.language ?? null;
}
