import { type Kysely, sql } from "kysely";

/** Today's birthdays (month*100 + day) without scanning every contact. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX contacts_birthday_md_idx
      ON contacts (((extract(month from birthday) * 100 + extract(day from birthday))::int))
      WHERE birthday IS NOT NULL AND deleted_at IS NULL;
  `.execute(db);
}
