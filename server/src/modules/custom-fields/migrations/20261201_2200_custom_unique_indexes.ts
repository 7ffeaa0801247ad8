import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";

/**
 * Text expression indexes for the unique check of existing unique custom fields (new and changed fields get
 * theirs from `syncIndex`). Same names as `indexes.ts#uniqueIndexName`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const fields = await sql<{ entity: string; key: string }>`
    select entity, key from custom_fields where is_unique and deleted_at is null`.execute(db);
  for (const f of fields.rows) {
    const table = f.entity;
    const column = await sql`select 1 from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name = 'custom'`.execute(db);
    if (column.rows.length === 0) continue;
    const hash = createHash("sha1").update(`${table}.${f.key}`).digest("hex").slice(0, 8);
    const name = `cfu${`cf_${table}_${f.key}`.toLowerCase().slice(0, 50).slice(2)}_${hash}`;
    await sql`create index if not exists ${sql.id(name)} on ${sql.table(table)} ((custom->>${sql.lit(f.key)}))
      where deleted_at is null`.execute(db);
  }
}
