import { type Kysely, sql } from "kysely";

/**
 * Custom fields may belong to any entity declaring the customFields capability: the API checks the name against
 * the entity catalogue, so the hand-kept list in the CHECK constraint goes (a new entity needs no migration here).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE custom_fields DROP CONSTRAINT IF EXISTS custom_fields_entity_check`.execute(db);
}
