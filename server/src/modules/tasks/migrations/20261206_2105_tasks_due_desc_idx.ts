import { type Kysely, sql } from "kysely";

/**
 * Lists put empty values last in both directions, so "-dueAt" is `due_at desc nulls last, id desc`, which
 * the ascending `tasks_due_idx` cannot serve backwards (see `deals_close_desc_idx`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX tasks_due_desc_idx ON tasks (due_at DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
  `.execute(db);
}
