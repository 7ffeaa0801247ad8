import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";

type Db = Database | Transaction<DB>;

/**
 * An administrator is an active user whose role holds every admin permission (`*`). Locks those user rows, so
 * two concurrent requests cannot both demote or deactivate "another" administrator and leave none.
 */
export async function activeAdministratorIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("users as u")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select("u.id")
    .where("u.is_active", "=", true)
    .where(sql<boolean>`'*' = any(r.admin_permissions)`)
    .orderBy("u.id")
    .forUpdate("u")
    .execute();
  return rows.map((r) => r.id);
}

export async function roleIsAdministrator(db: Db, roleId: string): Promise<boolean> {
  const row = await db
    .selectFrom("roles")
    .select(sql<boolean>`'*' = any(admin_permissions)`.as("admin"))
    .where("id", "=", roleId)
    .executeTakeFirst();
  return row?.admin ?? false;
}
