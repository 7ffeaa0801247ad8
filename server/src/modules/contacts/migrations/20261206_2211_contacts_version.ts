import { type Kysely, sql } from "kysely";

/** A version per contact row for If-Match (`platform/records/versions.ts`), moved on by every UPDATE. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contacts ADD COLUMN version integer NOT NULL DEFAULT 1;
    CREATE TRIGGER contacts_version BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION bump_record_version();
  `.execute(db);
}
