import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError } from "../../platform/errors.js";
import { COUNT_CAP, decodeCursor, encodeCursor } from "../../platform/http/schemas.js";

type Db = Database | Transaction<DB>;

export interface UserFilter {
  teamId?: string | undefined;
  roleId?: string | undefined;
  active?: boolean | undefined;
  search?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Db, f: UserFilter) {
  let q = db.selectFrom("users");
  if (f.teamId) q = q.where("team_id", "=", f.teamId);
  if (f.roleId) q = q.where("role_id", "=", f.roleId);
  if (f.active !== undefined) q = q.where("is_active", "=", f.active);
  if (f.search) {
    const pattern = `%${escapeLike(f.search)}%`;
    q = q.where((eb) => eb.or([eb("name", "ilike", pattern), eb("email", "ilike", pattern)]));
  }
  return q;
}

/** Sorted by name then id; the cursor holds both. */
export async function listUsers(db: Db, f: UserFilter, limit: number, cursor: string | undefined) {
  let q = filtered(db, f).selectAll();
  if (cursor) {
    const [name, id] = decodeCursor(cursor, 2);
    if (typeof name !== "string" || typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid or belongs to another sort order.");
    }
    q = q.where((eb) => eb.or([eb("name", ">", name), eb.and([eb("name", "=", name), eb("id", ">", id)])]));
  }
  const rows = await q
    .orderBy("name")
    .orderBy("id")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null };
}

export async function countUsers(db: Db, f: UserFilter) {
  const row = await db
    .selectFrom(
      filtered(db, f)
        .select("id")
        .limit(COUNT_CAP + 1)
        .as("c"),
    )
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

export async function findUser(db: Db, id: string, lock = false) {
  let q = db.selectFrom("users").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;
