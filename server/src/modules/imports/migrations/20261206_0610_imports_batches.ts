import { type Kysely, sql } from "kysely";

/**
 * The row ranges of an import's committed batches. Batches are written by two connections at once and may
 * commit out of order, so a retried job skips exactly the rows of committed batches instead of resuming after
 * the highest committed row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_batches (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      first_row integer NOT NULL,
      last_row integer NOT NULL CHECK (last_row >= first_row),
      PRIMARY KEY (import_id, first_row)
    );
    -- A run interrupted by the upgrade committed its rows in order: one range up to its last row.
    INSERT INTO import_batches (import_id, first_row, last_row)
    SELECT i.id, 1, greatest(
        (SELECT max(r.row_number) FROM import_rows r WHERE r.import_id = i.id),
        (SELECT max(e.row_number) FROM import_errors e WHERE e.import_id = i.id))
    FROM imports i
    WHERE i.status = 'running'
      AND (EXISTS (SELECT 1 FROM import_rows r WHERE r.import_id = i.id)
        OR EXISTS (SELECT 1 FROM import_errors e WHERE e.import_id = i.id));
  `.execute(db);
}
