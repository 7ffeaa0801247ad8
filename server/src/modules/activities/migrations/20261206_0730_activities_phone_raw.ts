import { type Kysely, sql } from "kysely";

/**
 * Calls' `phone` and SMS `to` are stored in E.164 from now on (`activities/phones.ts`); the input as typed is
 * kept in `phone_raw` / `to_raw`. Existing values were free text: they become the raw value and stay as they
 * were in the normalized column (they cannot be parsed in SQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE activities ADD COLUMN phone_raw text, ADD COLUMN to_raw text;
    UPDATE activities SET phone_raw = phone WHERE phone IS NOT NULL;
    UPDATE activities SET to_raw = to_address WHERE kind = 'sms' AND to_address IS NOT NULL;
  `.execute(db);
}
