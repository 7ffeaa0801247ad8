import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Refusals } from "./classify.js";
import { declaredImport } from "./declared.js";
import { uniqueHolders } from "./dedupe.js";
import type { ImportEntity } from "./fields.js";
import type { CreateRow, UpdateRow } from "./writer.js";

/** The entity's unique columns among live records (its import's `unique`). */
function uniqueColumns(entity: ImportEntity): { key: string; column: string; label: string }[] {
  const declared = declaredImport(entity);
  return (declared?.unique ?? []).map((u) => ({
    ...u,
    label: u.label ?? declared?.targets.find((t) => t.key === u.key)?.label ?? u.key,
  }));
}

/**
 * A unique column (the external id, a product's SKU) is unique among the entity's live records: a row may not
 * give a record a value that another stored record holds, or that an earlier row of the file already gave
 * (`seen`, across batches — batches written at once cannot see each other's rows). One query per batch and
 * column on its unique index.
 */
export async function refuseTakenExternalIds(
  db: Kysely<DB> | Transaction<DB>,
  entity: ImportEntity,
  creates: CreateRow[],
  updates: UpdateRow[],
  seen: Map<string, number>,
): Promise<Refusals> {
  const refused: Refusals = new Map();
  for (const { key, column, label } of uniqueColumns(entity)) {
    const rows = [
      ...creates.map((r) => ({ r, id: null as string | null })),
      ...updates.map((r) => ({ r, id: r.id as string | null })),
    ]
      .filter(({ r }) => typeof r.set[column] === "string" && !refused.has(r.rowNumber))
      .sort((a, b) => a.r.rowNumber - b.r.rowNumber);
    if (rows.length === 0) continue;
    const holders = await uniqueHolders(db, entity, column, [
      ...new Set(rows.map(({ r }) => r.set[column] as string)),
    ]);
    for (const { r, id } of rows) {
      const value = r.set[column] as string;
      const holder = holders.get(value);
      const seenKey = `${column}\u0000${value}`;
      const earlier = seen.get(seenKey);
      if (holder !== undefined && holder !== id) {
        refused.set(r.rowNumber, { field: key, reason: `Another record already has this ${label}.` });
      } else if (earlier !== undefined && earlier !== r.rowNumber) {
        refused.set(r.rowNumber, { field: key, reason: `Row ${earlier} of this file has this ${label}.` });
      } else seen.set(seenKey, r.rowNumber);
    }
  }
  return refused;
}
