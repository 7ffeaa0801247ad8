import type { Kysely, Selectable, Transaction, UpdateObject } from "kysely";
import type { DB } from "./schema.js";

type Db = Kysely<DB> | Transaction<DB>;

/** Whether an update object names a column Kysely would write (it leaves `undefined` values out of SET). */
export function setsAnyColumn(values: object): boolean {
  return Object.values(values).some((v) => v !== undefined);
}

/**
 * `update <table> set <values> where <key> = <id> returning *` for an edit (a PATCH) — or, when the edit names
 * no column, the row as it is, with nothing written: PostgreSQL refuses `update … set` without a column, and a
 * PATCH whose fields are all absent or already the stored values (a task's `status` it already has) is a no-op
 * edit — 200 with the unchanged record, no change event, no trigger (`updated_at`, `version` stay).
 */
export async function patchRow<T extends keyof DB & string>(
  db: Db,
  table: T,
  id: string,
  values: UpdateObject<DB, T>,
  key = "id",
): Promise<Selectable<DB[T]>> {
  const found = setsAnyColumn(values)
    ? db
        .updateTable(table as never)
        .set(values as never)
        .where(key as never, "=", id as never)
        .returningAll()
    : db
        .selectFrom(table as never)
        .selectAll()
        .where(key as never, "=", id as never);
  return (await found.executeTakeFirstOrThrow()) as Selectable<DB[T]>;
}
