import { type Kysely, sql } from "kysely";

/**
 * `bump_record_version()`: the BEFORE UPDATE trigger function of versioned record tables (a `version integer`
 * column). Every committed change of a row moves its version on, whoever made it — a person, an import, a merge
 * or a rule — so `If-Match` catches them all (`platform/records/versions.ts`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END
    $$;
  `.execute(db);
}
