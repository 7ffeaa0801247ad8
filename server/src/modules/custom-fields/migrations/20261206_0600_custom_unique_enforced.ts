import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";

/**
 * Unique custom fields become enforced by the database: the plain text index of `20261201_2200` is replaced by
 * a UNIQUE partial expression index (same name, see `indexes.ts#syncUniqueIndex`). A field whose live records
 * already share a value cannot get one; it is switched to not unique (an admin sees the duplicates and gets a
 * 422 naming them when turning it on again) instead of failing the whole start-up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const fields = await sql<{ id: string; entity: string; key: string }>`
    select id, entity, key from custom_fields where is_unique and deleted_at is null`.execute(db);
  for (const f of fields.rows) {
    const table = f.entity;
    const column = await sql`select 1 from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name = 'custom'`.execute(db);
    if (column.rows.length === 0) continue;
    const hash = createHash("sha1").update(`${table}.${f.key}`).digest("hex").slice(0, 8);
    const name = sql.id(`cfu${`cf_${table}_${f.key}`.toLowerCase().slice(0, 50).slice(2)}_${hash}`);
    const k = sql.lit(f.key);
    await sql`drop index if exists ${name}`.execute(db);
    const dup = await sql`select 1 from ${sql.table(table)} where deleted_at is null and custom ? ${k}
      and custom->>${k} is not null group by custom->>${k} having count(*) > 1 limit 1`.execute(db);
    if (dup.rows.length > 0) {
      console.warn(`custom field ${table}.${f.key}: duplicate values, no longer marked unique`);
      await sql`update custom_fields set is_unique = false where id = ${f.id}`.execute(db);
      continue;
    }
    await sql`create unique index ${name} on ${sql.table(table)} ((custom->>${k}))
      where deleted_at is null and custom ? ${k}`.execute(db);
  }
}
