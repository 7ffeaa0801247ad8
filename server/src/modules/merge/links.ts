import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { MovedLink } from "./tables.js";

/**
 * Finds every link to a record without knowing the modules: foreign keys that reference the entity's table
 * (deals.company_id, contact_companies.contact_id, companies.parent_company_id…) and generic link tables with an
 * `(entity, record_id)` pair (activity_links, task_links…). New modules' links are moved by merges for free.
 */
interface LinkColumn {
  table: string;
  column: string;
  /** For generic link tables: the `entity` value to match. */
  entity?: string;
  primaryKey: string[];
}

/**
 * Tables that reference a record but are not links: journals and a record's own history. A deal's stage history
 * stays with the deal it describes (the merged deal keeps its stays while soft-deleted, so undo finds them intact);
 * a stage the survivor takes from a merged deal is a new stay of the survivor (`stage-history.ts`).
 */
const EXCLUDED = new Set([
  "import_rows",
  "merges",
  "change_events",
  "audit_log",
  "deal_stage_history",
  // A record's duplicate keys follow its own values (the triggers of its table), never a merge.
  "record_duplicate_keys",
]);

export async function linkColumns(trx: Transaction<DB>, entity: string): Promise<LinkColumn[]> {
  const fks = await sql<{ table: string; column: string; pk: string[] | null }>`
    select c.conrelid::regclass::text as table, a.attname::text as column,
      (select array_agg(pa.attname::text order by pa.attnum) from pg_constraint p
        join pg_attribute pa on pa.attrelid = p.conrelid and pa.attnum = any(p.conkey)
        where p.conrelid = c.conrelid and p.contype = 'p') as pk
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = ${entity}::regclass and array_length(c.conkey, 1) = 1`.execute(
    trx,
  );
  const generic = await sql<{ table: string; pk: string[] | null }>`
    select t.table_name as table,
      (select array_agg(pa.attname::text order by pa.attnum) from pg_constraint p
        join pg_attribute pa on pa.attrelid = p.conrelid and pa.attnum = any(p.conkey)
        where p.conrelid = t.table_name::regclass and p.contype = 'p') as pk
    from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and exists (select 1 from information_schema.columns c where c.table_name = t.table_name
        and c.table_schema = 'public' and c.column_name = 'entity' and c.data_type = 'text')
      and exists (select 1 from information_schema.columns c where c.table_name = t.table_name
        and c.table_schema = 'public' and c.column_name = 'record_id' and c.data_type = 'uuid')`.execute(trx);
  return [
    ...fks.rows.map((r) => ({ table: r.table, column: r.column, primaryKey: r.pk ?? [] })),
    ...generic.rows.map((r) => ({ table: r.table, column: "record_id", entity, primaryKey: r.pk ?? [] })),
  ].filter((l) => !EXCLUDED.has(l.table) && l.primaryKey.length > 0);
}

/**
 * Points every link of the merged records at the survivor. A link that would duplicate one the survivor
 * already has (same membership, same activity) is removed instead; both are journaled for undo.
 */
export async function moveLinks(
  trx: Transaction<DB>,
  entity: string,
  mergedIds: string[],
  survivorId: string,
): Promise<MovedLink[]> {
  const journal: MovedLink[] = [];
  for (const link of await linkColumns(trx, entity)) {
    const table = sql.table(link.table);
    const col = sql.ref(link.column);
    const entityCond = link.entity ? sql`and entity = ${link.entity}` : sql``;
    const rows = await sql<{ row: Record<string, unknown> }>`
      select to_jsonb(t) as row from ${table} t where ${col} = any(${mergedIds}::uuid[]) ${entityCond}`.execute(
      trx,
    );
    for (const { row } of rows.rows) {
      // A survivor is never made its own parent.
      if (link.table === entity && row.id === survivorId) continue;
      const key = Object.fromEntries(link.primaryKey.map((k) => [k, row[k]]));
      const where = sql.join(
        link.primaryKey.map((k) => sql`${sql.ref(k)}::text = ${String(row[k])}`),
        sql` and `,
      );
      const from = String(row[link.column]);
      await sql`savepoint merge_link`.execute(trx);
      try {
        await sql`update ${table} set ${col} = ${survivorId} where ${where}`.execute(trx);
        await sql`release savepoint merge_link`.execute(trx);
        const newKey = link.primaryKey.includes(link.column) ? { ...key, [link.column]: survivorId } : key;
        journal.push({ table: link.table, key: newKey, column: link.column, from, op: "moved" });
      } catch (err) {
        await sql`rollback to savepoint merge_link`.execute(trx);
        if ((err as { code?: string }).code !== "23505") throw err;
        await sql`delete from ${table} where ${where}`.execute(trx);
        journal.push({ table: link.table, key, column: link.column, from, op: "deleted", row });
      }
    }
  }
  return journal;
}

/** Puts links back where they were before a merge (reverse order); rows the merge inserted are deleted. */
export async function restoreLinks(trx: Transaction<DB>, links: MovedLink[]): Promise<void> {
  for (const l of [...links].reverse()) {
    const table = sql.table(l.table);
    if (l.op === "inserted") {
      await sql`delete from ${table} where ${keyMatch(l.key)}`.execute(trx);
      continue;
    }
    if (l.op === "deleted" && l.row) {
      await sql`insert into ${table} select * from jsonb_populate_record(null::${table}, ${JSON.stringify(l.row)}::jsonb)
        on conflict do nothing`.execute(trx);
      continue;
    }
    await sql`update ${table} set ${sql.ref(l.column)} = ${l.from} where ${keyMatch(l.key)}`.execute(trx);
  }
}

function keyMatch(key: Record<string, unknown>) {
  return sql.join(
    Object.entries(key).map(([k, v]) => sql`${sql.ref(k)}::text = ${String(v)}`),
    sql` and `,
  );
}
