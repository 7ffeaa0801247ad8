import { type Kysely, sql } from "kysely";

/**
 * The import journal (`import_rows`, one row per created or updated record) checks its import once per
 * statement instead of once per row: a batch of 5,000 rows paid 5,000 foreign-key lookups of the same
 * `imports` row (two thirds of the journal insert). The statement-level trigger does what the foreign key
 * did — takes the imports rows `FOR KEY SHARE` (a concurrent discard waits for the batch) and refuses rows of
 * a missing import with `foreign_key_violation` — for each distinct import of the statement; discarding an
 * import deletes its journal (what `ON DELETE CASCADE` did).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE import_rows DROP CONSTRAINT import_rows_import_id_fkey;

    CREATE FUNCTION import_rows_check_import() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      missing uuid;
    BEGIN
      PERFORM 1 FROM imports i WHERE i.id IN (SELECT DISTINCT import_id FROM new_rows) FOR KEY SHARE OF i;
      SELECT d.import_id INTO missing FROM (SELECT DISTINCT import_id FROM new_rows) d
        WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = d.import_id) LIMIT 1;
      IF missing IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format('import %s does not exist', missing),
          TABLE = 'import_rows', CONSTRAINT = 'import_rows_import_id_fkey';
      END IF;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER import_rows_import_insert AFTER INSERT ON import_rows REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION import_rows_check_import();
    CREATE TRIGGER import_rows_import_update AFTER UPDATE ON import_rows REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION import_rows_check_import();

    CREATE FUNCTION imports_delete_journal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM import_rows WHERE import_id IN (SELECT id FROM old_rows);
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER imports_delete_journal AFTER DELETE ON imports REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION imports_delete_journal();
  `.execute(db);
}
