import { type Kysely, sql } from "kysely";

/**
 * Capped counts the list views can answer from an index alone (issue 10 item 20). At 1M tasks the
 * administrator's upcoming view counted to 10,001 through `tasks_due_idx` with a heap check of `status` per entry
 * (a bitmap heap scan, 1,500 pages); an own or team upcoming count did the same through the owner's due or open
 * index, and an own done count through the owner's created index (1,600 pages for 1,001 rows). Keyed on the
 * views' predicates (open, or done, and live), the counts become index-only scans, and the pages walk them
 * without the `status` filter: `tasks_open_due_idx` for today/upcoming in the all scope,
 * `tasks_owner_open_due_idx` per owner, `tasks_owner_done_idx` for the done view per owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX tasks_open_due_idx ON tasks (due_at, id) WHERE status = 'open' AND deleted_at IS NULL;
    CREATE INDEX tasks_owner_open_due_idx ON tasks (owner_id, due_at, id) WHERE status = 'open' AND deleted_at IS NULL;
    CREATE INDEX tasks_owner_done_idx ON tasks (owner_id, completed_at DESC NULLS LAST, id DESC)
      WHERE status = 'done' AND deleted_at IS NULL;
  `.execute(db);
}
