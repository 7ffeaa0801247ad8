import { type Kysely, sql } from "kysely";

/** A version per product row for If-Match (`platform/records/versions.ts`), moved on by every UPDATE. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE products ADD COLUMN version integer NOT NULL DEFAULT 1;
    CREATE TRIGGER products_version BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION bump_record_version();
  `.execute(db);
}
