import { type Kysely, sql } from "kysely";

/**
 * Owner-led keyset indexes for the task list's views (issue 10 item 20): an own/team list reads its page as a
 * merge of per-owner walks (`platform/query/scoped-list.ts`), one `(owner_id, <sort column>, id)` range per owner,
 * for the fields `TASK_FIELDS` declares `ownerIndexed` — all (newest first), today/upcoming (by due time), done
 * (newest completion first); overdue already had `tasks_owner_open_idx`.
 *
 * `tasks_owner_done_idx` was `completed_at DESC` (NULLS FIRST), which cannot serve the lists' `desc nulls last`;
 * its replacement covers every live task (open ones, with no completion time, come after the done ones), so
 * `sort=-completedAt` in any view walks it too.
 *
 * The administrator's (all scope) views had no index for their order either: the default view (newest first), the
 * overdue and the done view sorted the whole table per page (at 100k tasks 80–420 ms). They get the same keys
 * without the owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX tasks_owner_done_idx;
    CREATE INDEX tasks_owner_completed_idx ON tasks (owner_id, completed_at DESC NULLS LAST, id DESC)
      WHERE deleted_at IS NULL;
    CREATE INDEX tasks_owner_due_idx ON tasks (owner_id, due_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX tasks_owner_created_idx ON tasks (owner_id, created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX tasks_created_idx ON tasks (created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX tasks_open_overdue_idx ON tasks (overdue_at, id) WHERE status = 'open' AND deleted_at IS NULL;
    CREATE INDEX tasks_completed_idx ON tasks (completed_at DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
  `.execute(db);
}
