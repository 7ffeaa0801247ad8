import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { SEARCH_PENDING } from "../../platform/records/search-backlog.js";
import { importSpec, tableOf } from "./declared.js";
import type { ImportEntity } from "./fields.js";

/**
 * Set-based writes of one batch: every statement takes the whole batch as one JSON parameter and lets
 * PostgreSQL type it with `jsonb_populate_recordset(null::<table>, …)`, so a batch of thousands of rows is a
 * handful of round trips. Column names come from the entity's import (trusted constants), never from the file;
 * `set` keys starting with `_` are no columns (the entity's `afterInsert` reads them).
 */
export interface CreateRow {
  rowNumber: number;
  set: Record<string, unknown>;
  custom: Record<string, unknown>;
  /** The row in the entity's API shape (its import's `beforeUpdate`). */
  given?: unknown;
}

export interface UpdateRow extends CreateRow {
  id: string;
}

export async function insertRecords(
  trx: Transaction<DB>,
  entity: ImportEntity,
  importId: string,
  actorId: string,
  rows: CreateRow[],
  deferSearch = false,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const spec = importSpec(entity);
  // One plain object per row, filled by assignment (later keys win, as spreads would), with its columns
  // collected on the way and serialized once: object spreads and a second copy per row for the JSON were
  // ~20–30 µs of Node's time per imported row (bench/import-node-cost.ts).
  const defaults = spec.createDefaults ?? {};
  const columns = new Set<string>(["id", ...Object.keys(defaults), "owner_id", "custom", "created_by"]);
  if (deferSearch) for (const k in SEARCH_PENDING) columns.add(k);
  const records: { id: string; set: Record<string, unknown> }[] = new Array(rows.length);
  const values: Record<string, unknown>[] = new Array(rows.length);
  const journal: { row_number: number; record_id: string }[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as CreateRow;
    const id = randomUUID();
    const v: Record<string, unknown> = {};
    for (const k in defaults) v[k] = defaults[k];
    v.owner_id = actorId;
    const set = r.set;
    for (const k in set) {
      // `_` keys are no columns (the entity's `afterInsert` reads them).
      if (k.charCodeAt(0) === 95) continue;
      v[k] = set[k];
      if (!columns.has(k)) columns.add(k);
    }
    v.custom = r.custom;
    v.created_by = actorId;
    if (deferSearch) v.search_pending = SEARCH_PENDING.search_pending;
    v.id = id;
    values[i] = v;
    records[i] = { id, set };
    journal[i] = { row_number: r.rowNumber, record_id: id };
  }
  const payload = JSON.stringify(values);
  const table = tableOf(entity);
  const cols = sql.join([...columns].map((c) => sql.ref(c)));
  const picks = sql.join([...columns].map((c) => sql.ref(`x.${c}`)));
  await sql`insert into ${table} (${cols})
    select ${picks} from jsonb_populate_recordset(null::${table}, ${payload}::jsonb) as x`.execute(trx);

  await sql`insert into import_rows (import_id, row_number, record_id, action)
    select ${importId}, j.row_number, j.record_id, 'created'
    from jsonb_to_recordset(${JSON.stringify(journal)}::jsonb) as j(row_number int, record_id uuid)`.execute(
    trx,
  );

  await spec.afterInsert?.(trx, records, actorId);
  return records.map((r) => r.id);
}

/**
 * Updates matched records with the columns each row fills (blank cells keep the stored value; custom values
 * are merged), journaling the previous values of exactly those columns for revert.
 */
export async function updateRecords(
  trx: Transaction<DB>,
  entity: ImportEntity,
  importId: string,
  rows: UpdateRow[],
  deferSearch = false,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const skip = new Set(importSpec(entity).notUpdated ?? []);
  const records = rows.map((r) => {
    const values = Object.fromEntries(Object.entries(r.set).filter(([k]) => !skip.has(k) && k[0] !== "_"));
    return {
      ...values,
      ...(Object.keys(r.custom).length ? { custom: r.custom } : {}),
      id: r.id,
      _row: r.rowNumber,
    };
  });
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))].filter(
    (c) => c !== "id" && c !== "_row",
  );
  const payload = JSON.stringify(records);
  const table = tableOf(entity);

  await sql`insert into import_rows (import_id, row_number, record_id, action, before)
    select ${importId}, (u.j->>'_row')::int, t.id, 'updated',
      (select jsonb_object_agg(k, to_jsonb(t) -> k) from jsonb_object_keys(u.j) k where k not in ('id', '_row'))
    from jsonb_array_elements(${payload}::jsonb) as u(j)
    join ${table} t on t.id = (u.j->>'id')::uuid`.execute(trx);

  if (columns.length === 0) return records.map((r) => r.id);
  const assignments = sql.join(
    columns.map((c) =>
      c === "custom"
        ? sql`custom = t.custom || coalesce(u.j->'custom', '{}'::jsonb)`
        : sql`${sql.ref(c)} = case when u.j ? ${c} then (u.r).${sql.ref(c)} else t.${sql.ref(c)} end`,
    ),
  );
  const pending = deferSearch ? sql`, search_pending = true` : sql``;
  await sql`update ${table} as t set ${assignments}${pending}
    from (select j, jsonb_populate_record(null::${table}, j) as r from jsonb_array_elements(${payload}::jsonb) as j) as u
    where t.id = (u.j->>'id')::uuid`.execute(trx);
  return records.map((r) => r.id);
}
