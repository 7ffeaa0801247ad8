import { type Kysely, sql } from "kysely";

/**
 * Open tasks per owner and UTC day of `overdue_at` (issue 14: "tasks overdue now" counted 167k index entries per
 * cold team-performance answer at 1M). Tasks overdue now = the rows of days before today's UTC day + today's
 * tasks already overdue, an index range of one day (`open-task-days.ts`).
 *
 * Kept by statement-level triggers on `tasks` in the writer's transaction, so the sum is always exact. The
 * triggers only append delta rows (a key may have several; its count is their sum): no row is locked or
 * updated, so concurrent writers never wait for or deadlock on a counter, and a bulk insert pays one grouped
 * insert. `analytics.open-task-days-compact` folds each key's rows into one and every day before yesterday into
 * one row per owner (the day before yesterday): a reader sums all days before its today anyway.
 *
 * The triggers are created before the backfill in the migrations' one transaction: CREATE TRIGGER locks `tasks`
 * against writes until it commits, so no write falls between the backfill and the triggers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_open_task_days (
      owner_id uuid NOT NULL,
      day date NOT NULL,
      n integer NOT NULL
    );
    CREATE INDEX analytics_open_task_days_owner_idx ON analytics_open_task_days (owner_id, day) INCLUDE (n);

    CREATE FUNCTION analytics_open_task_days_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM analytics_open_task_days;
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO analytics_open_task_days (owner_id, day, n)
        SELECT owner_id, (overdue_at AT TIME ZONE 'UTC')::date, count(*) FROM new_rows
        WHERE status = 'open' AND deleted_at IS NULL AND overdue_at IS NOT NULL
        GROUP BY 1, 2;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO analytics_open_task_days (owner_id, day, n)
        SELECT owner_id, (overdue_at AT TIME ZONE 'UTC')::date, -count(*) FROM old_rows
        WHERE status = 'open' AND deleted_at IS NULL AND overdue_at IS NOT NULL
        GROUP BY 1, 2;
      ELSE
        -- Most updates (a title, the overdue scan's watermarks) cancel out here and insert nothing.
        INSERT INTO analytics_open_task_days (owner_id, day, n)
        SELECT owner_id, day, sum(n) FROM (
          SELECT owner_id, (overdue_at AT TIME ZONE 'UTC')::date AS day, 1 AS n FROM new_rows
          WHERE status = 'open' AND deleted_at IS NULL AND overdue_at IS NOT NULL
          UNION ALL
          SELECT owner_id, (overdue_at AT TIME ZONE 'UTC')::date, -1 FROM old_rows
          WHERE status = 'open' AND deleted_at IS NULL AND overdue_at IS NOT NULL) c
        GROUP BY 1, 2 HAVING sum(n) <> 0;
      END IF;
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER analytics_open_task_days_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_task_days_change();
    CREATE TRIGGER analytics_open_task_days_update AFTER UPDATE ON tasks
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_task_days_change();
    CREATE TRIGGER analytics_open_task_days_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_task_days_change();
    CREATE TRIGGER analytics_open_task_days_truncate AFTER TRUNCATE ON tasks
      FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_task_days_change();

    -- One grouped pass over the open-task index, past days already folded as the compaction does.
    INSERT INTO analytics_open_task_days (owner_id, day, n)
    SELECT owner_id, greatest((overdue_at AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date - 2),
      count(*)
    FROM tasks WHERE status = 'open' AND deleted_at IS NULL AND overdue_at IS NOT NULL
    GROUP BY 1, 2;
  `.execute(db);
}
