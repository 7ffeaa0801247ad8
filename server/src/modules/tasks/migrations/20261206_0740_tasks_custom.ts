import { type Kysely, sql } from "kysely";

/** Custom field values of tasks (`custom-fields`, entity `tasks`), like the other CRM records. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE tasks ADD COLUMN custom jsonb NOT NULL DEFAULT '{}';
    CREATE INDEX tasks_custom_gin ON tasks USING gin (custom jsonb_path_ops);
  `.execute(db);
}
