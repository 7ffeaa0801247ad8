import { type Kysely, sql } from "kysely";

/**
 * The activity list, newest first, in an own/team scope is a merge of per-owner walks of
 * `(owner_id, occurred_at, id)` (issue 10 item 20; `platform/query/scoped-list.ts`). Analytics' owner index had
 * `(owner_id, occurred_at)` — no `id`, so a keyset cursor bounded the walk by time only and ties were sorted
 * again. It gains `id` as its last key column (same name, same INCLUDE columns and predicate), so one index
 * serves the lists' keyset walks and analytics' index-only range scans; writes maintain no extra b-tree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX activities_owner_occurred_idx;
    CREATE INDEX activities_owner_occurred_idx ON activities (owner_id, occurred_at, id)
      INCLUDE (kind, direction) WHERE deleted_at IS NULL;
  `.execute(db);
}
