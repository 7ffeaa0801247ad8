import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import type { ImportEntity } from "./fields.js";

export interface ExistingMatch {
  id: string;
  key: string;
  /** Whether the actor's import scope covers the record (only then may the import update it). */
  updatable: boolean;
}

const KEY_COLUMN: Record<string, string> = {
  email: "email_values",
  phone: "phone_e164",
  taxId: "tax_id_values",
};

/**
 * Existing records that share a match key with the batch, in one set-based query: the array columns are
 * GIN-indexed, so `col && keys` finds candidates for thousands of keys in one index scan.
 */
export async function findExisting(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: ImportEntity,
  matchKey: string,
  keys: string[],
): Promise<ExistingMatch[]> {
  if (keys.length === 0) return [];
  const table = sql.table(entity);
  const scope = ownerScope(actor, entity, "import", "r.owner_id");
  const column = KEY_COLUMN[matchKey];
  let query: RawBuilder<{ id: string; key: string; updatable: boolean }>;
  if (column) {
    const col = sql.ref(`r.${column}`);
    query = sql`select r.id, k.key, (${scope}) as updatable
      from ${table} r cross join lateral unnest(${col}) as k(key)
      where r.deleted_at is null and ${col} && ${keys}::text[] and k.key = any(${keys}::text[])`;
  } else {
    const name = sql.ref(entity === "deals" ? "r.title" : "r.name");
    const norm: RawBuilder<string> = sql`lower(regexp_replace(trim(${name}), '\\s+', ' ', 'g'))`;
    query = sql`select r.id, ${norm} as key, (${scope}) as updatable
      from ${table} r where r.deleted_at is null and ${norm} = any(${keys}::text[])`;
  }
  const res = await query.execute(db);
  return res.rows;
}
